#!/usr/bin/env bash
# Trains and evaluates every cell of docs/RESULTS.md, then writes the table. Resumable: a finished cell (its
# eval.json) is skipped, an interrupted one resumes from its latest checkpoint.
#   Scripts/reproduce_results.sh            # everything (hours on 2 cores)
#   ENVS="CartPole-v1" MODELS="dsformer-pssa dt" TIERS=expert Scripts/reproduce_results.sh   # a subset
#   ENVS=Pendulum-v1 MODELS=dsformer-pssa-te Scripts/reproduce_results.sh   # the DSFormer with the timestep-embedding option
#   (dsformer-pssa-do: with --dropout 0.1; dsformer-pssa-te-do: both options; dsformer-tssa-te: TSSA with the embedding;
#   dsformer-pssa-re / -te-re: the return-to-go path, without and with the timestep embedding)
# Datasets: collect-experts --seed 0 per environment and tier (sizes below, ~50k steps each where episodes are short).
# Cells: 3 training seeds (0 1 2) × 20 evaluation episodes (seeds 2^63 + 0..19), the last checkpoint.
# The body is one brace group, which bash reads whole before running it: editing this file during a long run
# cannot change (or break) that run.
{
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-system-packages.sh
bin=${SPIKINGMIND:-.build/release/spikingmind}   # SPIKINGMIND=path pins a copy while the tree changes (no build then)
[ -n "${SPIKINGMIND:-}" ] || swift build -c release --product spikingmind >/dev/null
out=${RESULTS_DIR:-results}
seeds=${SEEDS:-"0 1 2"}
threads=${THREADS:-2}
classic="CartPole-v1 MountainCar-v0 Acrobot-v1 Pendulum-v1"
extended="MountainCarContinuous-v0 LunarLander-v3 LunarLanderContinuous-v3 BipedalWalker-v3"
envs=${ENVS:-"$classic $extended"}
declare -A episodes=([CartPole-v1]=100 [MountainCar-v0]=500 [Acrobot-v1]=800 [Pendulum-v1]=250
  [MountainCarContinuous-v0]=500 [LunarLander-v3]=200 [LunarLanderContinuous-v3]=200 [BipedalWalker-v3]=100)
declare -A flags=([dt]="--model dt" [dsformer-pssa]="--model dsformer --attention pssa --norm ptbn"
  [dsformer-tssa]="--model dsformer --attention tssa --norm ptbn" [snndt]="--model snndt"
  [dsformer-pssa-te]="--model dsformer --attention pssa --norm ptbn --timestep-embedding"
  [dsformer-pssa-do]="--model dsformer --attention pssa --norm ptbn --dropout 0.1"
  [dsformer-pssa-te-do]="--model dsformer --attention pssa --norm ptbn --timestep-embedding --dropout 0.1"
  [dsformer-tssa-te]="--model dsformer --attention tssa --norm ptbn --timestep-embedding"
  [dsformer-pssa-re]="--model dsformer --attention pssa --norm ptbn --return-embedding"
  [dsformer-pssa-te-re]="--model dsformer --attention pssa --norm ptbn --timestep-embedding --return-embedding")
  # the last six: options, not in the default MODELS
mkdir -p "$out/data" "$out/runs"
for env in $envs; do
  mkdir -p "$out/runs/$env"
  case " $classic " in
    *" $env "*) models=${MODELS:-"dt dsformer-pssa dsformer-tssa snndt"}; tiers=${TIERS:-"expert mixed"} ;;
    *) models=${MODELS:-"dt dsformer-pssa"}; tiers=${TIERS:-"expert"} ;;
  esac
  for tier in $tiers; do
    data="$out/data/$env-$tier.npz"
    [ -f "$data" ] || $bin collect-experts --env "$env" --quality "$tier" --episodes "${episodes[$env]}" --seed 0 \
      --workers "$threads" --out "$data" >/dev/null
    for model in $models; do
      for seed in $seeds; do
        run="$out/runs/$env/$model-$tier-s$seed"
        [ -f "$run/eval.json" ] && continue
        echo "== $env $model $tier seed $seed"
        if [ -f "$run/latest" ]; then
          $bin train-offline --resume "$run" --threads "$threads" --json >"$run.train.json"
        else
          # shellcheck disable=SC2086
          $bin train-offline --env "$env" --data "$data" ${flags[$model]} --seed "$seed" --threads "$threads" \
            --checkpoint-every 1000 --out "$run" --json >"$run.train.json"
        fi
        $bin evaluate --checkpoint "$run" --episodes 20 --threads "$threads" --json >"$run/eval.tmp" && mv "$run/eval.tmp" "$run/eval.json"
      done
    done
  done
done
md=${RESULTS_MD:-docs/RESULTS.md}   # RESULTS_MD=path writes the table elsewhere (to merge by hand)
python3 Scripts/summarize_results.py "$out" >"$md.tmp" && mv "$md.tmp" "$md"
echo "wrote $md"
exit
}
