#!/usr/bin/env bash
# Collects every registered environment at every quality tier into Demos/ (100 episodes, seed 0).
#   Scripts/collect_all_experts.sh [episodes] [seed]
set -euo pipefail
cd "$(dirname "$0")/.."
episodes=${1:-100}
seed=${2:-0}
bash Scripts/install-system-packages.sh
swift build -c release --product spikingmind >/dev/null
bin=.build/release/spikingmind
for env in $("$bin" envs --json | python3 -c "import json,sys; print(' '.join(r['id'] for r in json.load(sys.stdin)))" 2>/dev/null \
  || echo CartPole-v1 MountainCar-v0 MountainCarContinuous-v0 Acrobot-v1 Pendulum-v1 LunarLander-v3 LunarLanderContinuous-v3 BipedalWalker-v3 BipedalWalkerHardcore-v3); do
  for quality in expert medium random mixed; do
    "$bin" collect-experts --env "$env" --quality "$quality" --episodes "$episodes" --seed "$seed" \
      --out "Demos/$env-$quality.npz"
  done
done
