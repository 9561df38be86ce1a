#!/usr/bin/env bash
# MountainCar-v0 mixed tier, DSFormer-PSSA (PTBN) trained for 6000 steps (twice the default), 3 seeds, one thread
# per run (two at a time), last checkpoint evaluated on 20 episodes — the docs/RESULTS.md analysis of session 13.
#   Scripts/mountaincar_mixed_6k.sh            # into results/ (RESULTS_DIR=... elsewhere; SPIKINGMIND=... pins a binary)
# Resumable: a seed with an eval.json is skipped. Then, for a checkpoint's return-conditioning curve:
#   spikingmind evaluate --checkpoint results/runs/MountainCar-v0/dsformer-pssa-6k-mixed-s0/step-00004000 \
#     --episodes 20 --sweep=-200:-80:7
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-system-packages.sh
swift build -c release --product spikingmind >/dev/null
bin=${SPIKINGMIND:-$PWD/.build/release/spikingmind}
out=${RESULTS_DIR:-results}
mkdir -p "$out/data" "$out/runs/MountainCar-v0"
data="$out/data/MountainCar-v0-mixed.npz"
[ -f "$data" ] || "$bin" collect-experts --env MountainCar-v0 --quality mixed --episodes 500 --seed 0 --workers 2 \
  --out "$data" >/dev/null
run_seed() {
  local run="$out/runs/MountainCar-v0/dsformer-pssa-6k-mixed-s$1"
  [ -f "$run/eval.json" ] && return 0
  if [ -f "$run/latest" ]; then
    "$bin" train-offline --resume "$run" --threads 1 --json >"$run.train.json"
  else
    "$bin" train-offline --env MountainCar-v0 --data "$data" --model dsformer --attention pssa --norm ptbn --steps 6000 \
      --seed "$1" --threads 1 --checkpoint-every 1000 --out "$run" --json >"$run.train.json"
  fi
  "$bin" evaluate --checkpoint "$run" --episodes 20 --threads 1 --json >"$run/eval.tmp" && mv "$run/eval.tmp" "$run/eval.json"
}
run_seed 0 & run_seed 1 & wait
run_seed 2
python3 - "$out" <<'EOF'
import json, statistics, sys
means = [json.load(open(f"{sys.argv[1]}/runs/MountainCar-v0/dsformer-pssa-6k-mixed-s{s}/eval.json"))["summary"]["mean"]
         for s in range(3)]
print("per seed", means, f"mean {statistics.mean(means):.1f} ± {statistics.pstdev(means):.1f}")
EOF
