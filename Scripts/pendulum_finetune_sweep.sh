#!/usr/bin/env bash
# The settings tried (2026-12-02) to make fine-tuning clearly improve a weak spiking DSFormer on Pendulum-v1
# (docs/RESULTS.md, "Online fine-tuning"): weaker starts (1000 and 500 offline steps on the medium tier) and, over
# finetune_results.sh's Pendulum settings, a longer budget, no KL anchor, 16 episodes per update.
# Prints before → after (20 evaluation episodes, seeds 2^63 + 0..19) and the 2 s.e. threshold per trial.
# The body is one brace group, which bash reads whole before running it: editing this file during a long run
# cannot change (or break) that run.
{
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SPIKINGMIND:-.build/release/spikingmind}
[ -x "$bin" ] || swift build -c release --product spikingmind >/dev/null
out=${RESULTS_DIR:-results}/pendulum-sweep
threads=${THREADS:-1}
mkdir -p "$out"
[ -f "$out/medium.npz" ] || $bin collect-experts --env Pendulum-v1 --quality medium --episodes 100 --seed 0 \
  --workers "$threads" --out "$out/medium.npz" >/dev/null
for steps in 1000 500; do
  weak="$out/weak"; [ "$steps" = 1000 ] || weak="$out/weak-$steps"
  [ -f "$weak/latest" ] || $bin train-offline --env Pendulum-v1 --data "$out/medium.npz" --model dsformer \
    --attention pssa --norm ptbn --steps "$steps" --seed 0 --threads "$threads" --eval-episodes 1 --out "$weak" >/dev/null
done
base="--baseline value --gamma 0.99 --seed 0 --threads $threads"
declare -A trials=([A-300k]="--env-steps 300000 --lr 3e-4" [C-600k]="--env-steps 600000 --lr 3e-4"
  [D-no-anchor]="--env-steps 300000 --lr 3e-4 --anchor-kl 0"
  [F-16-episodes]="--env-steps 600000 --lr 3e-4 --episodes-per-update 16" [G-weaker-start]="--env-steps 300000 --lr 3e-4")
for name in A-300k C-600k D-no-anchor F-16-episodes G-weaker-start; do
  start="$out/weak"; [ "$name" = G-weaker-start ] && start="$out/weak-500"
  [ -f "$out/$name.json" ] || {
    rm -rf "$out/$name"
    # shellcheck disable=SC2086
    $bin finetune-online --checkpoint "$start" $base ${trials[$name]} --out "$out/$name" --json >"$out/$name.tmp" \
      && mv "$out/$name.tmp" "$out/$name.json"
  }
  python3 Scripts/finetune_verdict.py "$out/$name.json" "$name"
done
exit
}
