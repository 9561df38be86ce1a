#!/usr/bin/env bash
# The effect of `evaluate --clip-return-to-go` (docs/RESULTS.md, session 14): trains the cells of
# Scripts/reproduce_results.sh (same datasets, flags, seeds; resumable), evaluates every last checkpoint a second
# time with the returns-to-go held inside the training data's range, and prints both protocols side by side.
#   ENVS=MountainCar-v0 TIERS="expert mixed" MODELS="dt dsformer-pssa dsformer-tssa dsformer-pssa-te snndt" \
#     Scripts/rtg_clipping_results.sh
# Same variables as reproduce_results.sh (RESULTS_DIR, SEEDS, THREADS, SPIKINGMIND); RESULTS_MD is not written.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${RESULTS_DIR:-results}
bin=${SPIKINGMIND:-.build/release/spikingmind}
RESULTS_MD=${RESULTS_MD:-"$out/RESULTS-unclipped.md"} bash Scripts/reproduce_results.sh
envs=${ENVS:?set ENVS}
models=${MODELS:?set MODELS}
tiers=${TIERS:-"expert mixed"}
seeds=${SEEDS:-"0 1 2"}
for env in $envs; do
  for tier in $tiers; do
    for model in $models; do
      for seed in $seeds; do
        run="$out/runs/$env/$model-$tier-s$seed"
        [ -f "$run/eval-clip.json" ] && continue
        "$bin" evaluate --checkpoint "$run" --episodes 20 --threads "${THREADS:-2}" --clip-return-to-go --json \
          >"$run/eval-clip.tmp" && mv "$run/eval-clip.tmp" "$run/eval-clip.json"
      done
    done
  done
done
python3 - "$out" "$envs" "$tiers" "$models" "$seeds" <<'PY'
import json, statistics, sys
out, envs, tiers, models, seeds = sys.argv[1], *(a.split() for a in sys.argv[2:])
def stats(env, tier, model, name):
    s = [json.loads(open(f"{out}/runs/{env}/{model}-{tier}-s{seed}/{name}").readline())["summary"] for seed in seeds]
    r, n = [x["mean"] for x in s], [x["normalized_score"] for x in s]
    worst = min(e["total_reward"] for x in s for e in x["results"])
    return statistics.fmean(r), statistics.pstdev(r), statistics.fmean(n), worst
print("| environment | tier | model | return (DT protocol) | normalised | worst episode | return (clipped) | normalised | worst episode |")
print("|---|---|---|---|---|---|---|---|---|")
for env in envs:
    for tier in tiers:
        for model in models:
            a, b = stats(env, tier, model, "eval.json"), stats(env, tier, model, "eval-clip.json")
            print(f"| {env} | {tier} | {model} | {a[0]:.1f} ± {a[1]:.1f} | {a[2]:.1f} | {a[3]:.0f} | {b[0]:.1f} ± {b[1]:.1f} | {b[2]:.1f} | {b[3]:.0f} |")
PY
