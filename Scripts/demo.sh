#!/usr/bin/env bash
# The whole mission on CartPole-v1, on a fresh machine: installs what is missing, builds in release, then
#   collect-experts → train-offline (spiking DSFormer, PSSA + PTBN) → evaluate → finetune-online
#   → train-offline (the ANN Decision Transformer, same width) → energy-profile (spiking vs ANN) → report
# and prints where the report is. Everything is seeded: a rerun reproduces every number.
# Output: Demos/mission/ (removed and rewritten on each run). Environment tour: Scripts/tour_environments.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

bash Scripts/install-system-packages.sh
swift build -c release --product spikingmind
bin=.build/release/spikingmind
out=Demos/mission
rm -rf "$out"
mkdir -p "$out"
start=$(date +%s)

echo "== 1. collect expert demonstrations (100 episodes, seeded) =="
"$bin" collect-experts --env CartPole --episodes 100 --seed 0 --out "$out/CartPole-v1-expert.npz"

echo "== 2. train the spiking Decision SpikeFormer offline (defaults: PSSA, PTBN, D64, L2, K20, T4) =="
"$bin" train-offline --env CartPole --data "$out/CartPole-v1-expert.npz" --seed 0 --eval-every 250 --eval-episodes 5 --out "$out/dsformer"

echo "== 3. evaluate it: 20 seeded episodes at the expert's return =="
"$bin" evaluate --checkpoint "$out/dsformer" --episodes 20

echo "== 4. fine-tune it online (REINFORCE, KL anchor to the offline policy; 10k environment steps) =="
"$bin" finetune-online --checkpoint "$out/dsformer" --env-steps 10000 --seed 0 --out "$out/dsformer-online"

echo "== 5. train the ANN Decision Transformer on the same data, same width =="
"$bin" train-offline --env CartPole --data "$out/CartPole-v1-expert.npz" --model dt --seed 0 --eval-every 250 --eval-episodes 5 --out "$out/dt"

echo "== 6. energy per action (estimated, 45 nm and more) and latency (measured), spiking vs ANN =="
"$bin" energy-profile --checkpoint "$out/dsformer-online" --compare "$out/dt" --episodes 3 | grep -vE '^    '

echo "== 7. the report =="
"$bin" report --runs "$out/dsformer" "$out/dsformer-online" "$out/dt" --out "$out/report.html"

echo "demo finished in $(( $(date +%s) - start )) s after the build"
echo "open $out/report.html in a browser (self-contained: no network, no scripts)"
