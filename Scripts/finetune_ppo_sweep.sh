#!/usr/bin/env bash
# The PPO-style trials of 2026-12-02 (finetune-online --update-steps, docs/RESULTS.md "Online fine-tuning"), from the
# checkpoints of Scripts/finetune_results.sh (run it first: RESULTS_DIR/finetune/<env>-<model>-weak and the expert
# runs of Scripts/reproduce_results.sh). One trial per line: name, start, flags. Resumable (a finished trial's
# .json is kept); prints before -> after (20 evaluation episodes, seeds 2^63 + 0..19) against 2 s.e.
#   Scripts/finetune_ppo_sweep.sh             # THREADS (default 1: results do not depend on it)
#   ONLY=acro- Scripts/finetune_ppo_sweep.sh  # only the trials whose name starts with ONLY
# The body is one brace group, which bash reads whole before running it: editing this file during a long run
# cannot change (or break) that run.
{
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SPIKINGMIND:-.build/release/spikingmind}
[ -x "$bin" ] || swift build -c release --product spikingmind >/dev/null
root=${RESULTS_DIR:-results}
out=$root/ppo-sweep
threads=${THREADS:-1}
mkdir -p "$out"
pendulum="--baseline value --gamma 0.99 --lr 3e-4"
acrobot="--baseline value --lr 3e-4"
trials=(
  "pend-ds-u4|finetune/Pendulum-v1-dsformer-weak|$pendulum --env-steps 300000 --update-steps 4"
  "pend-ds-u8|finetune/Pendulum-v1-dsformer-weak|$pendulum --env-steps 300000 --update-steps 8"
  "pend-ds-u4k0|finetune/Pendulum-v1-dsformer-weak|$pendulum --env-steps 300000 --update-steps 4 --anchor-kl 0"
  "pend-ds-u4k0-600k|finetune/Pendulum-v1-dsformer-weak|$pendulum --env-steps 600000 --update-steps 4 --anchor-kl 0"
  "pend-dt-u4k0|finetune/Pendulum-v1-dt-weak|$pendulum --env-steps 300000 --update-steps 4 --anchor-kl 0"
  "pend-dt-expert-u4k0|runs/Pendulum-v1/dt-expert-s0|$pendulum --env-steps 300000 --update-steps 4 --anchor-kl 0"
  "pend-dt-u4|finetune/Pendulum-v1-dt-weak|$pendulum --env-steps 300000 --update-steps 4"
  "pend-dt-expert-u4|runs/Pendulum-v1/dt-expert-s0|$pendulum --env-steps 300000 --update-steps 4"
  "pend-ds-u4-600k|finetune/Pendulum-v1-dsformer-weak|$pendulum --env-steps 600000 --update-steps 4"
  "pend-ds-expert-u4-600k|runs/Pendulum-v1/dsformer-pssa-expert-s0|$pendulum --env-steps 600000 --update-steps 4"
  "acro-ds-u4k0|finetune/Acrobot-v1-dsformer-weak|$acrobot --env-steps 100000 --update-steps 4 --anchor-kl 0"
  "acro-ds-u4k0-300k|finetune/Acrobot-v1-dsformer-weak|$acrobot --env-steps 300000 --update-steps 4 --anchor-kl 0"
  "acro-ds-u4-300k|finetune/Acrobot-v1-dsformer-weak|$acrobot --env-steps 300000 --update-steps 4"
  # 2026-12-02 (session 6): a smaller anchor, between 0.1 (holds the experts) and 0 (moves the DSFormer)
  "pend-dt-expert-u4k002|runs/Pendulum-v1/dt-expert-s0|$pendulum --env-steps 300000 --update-steps 4 --anchor-kl 0.02"
  "pend-ds-u4k002-600k|finetune/Pendulum-v1-dsformer-weak|$pendulum --env-steps 600000 --update-steps 4 --anchor-kl 0.02"
  "pend-dt-u4k002|finetune/Pendulum-v1-dt-weak|$pendulum --env-steps 300000 --update-steps 4 --anchor-kl 0.02"
  "pend-ds-expert-u4k002-600k|runs/Pendulum-v1/dsformer-pssa-expert-s0|$pendulum --env-steps 600000 --update-steps 4 --anchor-kl 0.02"
  "acro-ds-u4k002-300k|finetune/Acrobot-v1-dsformer-weak|$acrobot --env-steps 300000 --update-steps 4 --anchor-kl 0.02"
  # 2026-12-02 (session 7, an AVX-512 machine: the weak start differs): longer, faster, unanchored REINFORCE
  "acro-ds-300k|finetune/Acrobot-v1-dsformer-weak|$acrobot --env-steps 300000"
  "acro-ds-lr1e3|finetune/Acrobot-v1-dsformer-weak|--baseline value --lr 1e-3 --env-steps 100000"
  "acro-ds-k0-300k|finetune/Acrobot-v1-dsformer-weak|$acrobot --env-steps 300000 --anchor-kl 0"
)
for trial in "${trials[@]}"; do
  IFS='|' read -r name start flags <<<"$trial"
  [[ "$name" == "${ONLY:-}"* ]] || continue
  if [ ! -f "$out/$name.json" ]; then
    rm -rf "${out:?}/$name"
    # shellcheck disable=SC2086
    $bin finetune-online --checkpoint "$root/$start" $flags --seed 0 --threads "$threads" --out "$out/$name" --json \
      >"$out/$name.tmp" && mv "$out/$name.tmp" "$out/$name.json"
  fi
  python3 Scripts/finetune_verdict.py "$out/$name.json" "$name"
done
exit
}
