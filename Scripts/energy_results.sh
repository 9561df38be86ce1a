#!/usr/bin/env bash
# Energy per action (estimated) and latency (measured, batch 1, one thread) of the spiking DSFormer (PSSA,
# PTBN) against the ANN DT of the same width, on the expert-tier checkpoints Scripts/reproduce_results.sh
# trained (the last checkpoint of every training seed), 3 seeded episodes each; then the table goes into
# docs/RESULTS.md (Scripts/summarize_results.py reads RESULTS_DIR/energy/). Resumable: a finished pair is kept.
# Run it on a quiet machine: the latencies are wall-clock.
# The body is one brace group, which bash reads whole before running it: editing this file during a long run
# cannot change (or break) that run.
{
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SPIKINGMIND:-.build/release/spikingmind}
[ -x "$bin" ] || swift build -c release --product spikingmind >/dev/null
out=${RESULTS_DIR:-results}
seeds=${SEEDS:-"0 1 2"}
envs=${ENVS:-"CartPole-v1 MountainCar-v0 Acrobot-v1 Pendulum-v1"}
mkdir -p "$out/energy"
for env in $envs; do
  for seed in $seeds; do
    snn="$out/runs/$env/dsformer-pssa-expert-s$seed"
    ann="$out/runs/$env/dt-expert-s$seed"
    result="$out/energy/$env-s$seed.json"
    [ -f "$result" ] && continue
    if [ ! -f "$snn/eval.json" ] || [ ! -f "$ann/eval.json" ]; then
      echo "skip $env seed $seed: run Scripts/reproduce_results.sh first"
      continue
    fi
    echo "== $env seed $seed"
    $bin energy-profile --checkpoint "$snn" --compare "$ann" --episodes 3 --json >"$result.tmp" && mv "$result.tmp" "$result"
  done
done
md=${RESULTS_MD:-docs/RESULTS.md}   # RESULTS_MD=path writes the table elsewhere (to merge by hand)
python3 Scripts/summarize_results.py "$out" >"$md.tmp" && mv "$md.tmp" "$md"
echo "wrote $md"
exit
}
