#!/usr/bin/env bash
# Installs what is missing, builds in release and runs the main job as far as it exists today:
# the registry, then a seeded random rollout of every environment.
set -euo pipefail
cd "$(dirname "$0")/.."

bash Scripts/install-system-packages.sh
swift build -c release --product spikingmind
bin=.build/release/spikingmind

"$bin" envs
for env in CartPole-v1 MountainCar-v0 MountainCarContinuous-v0 Acrobot-v1 Pendulum-v1; do
  echo
  echo "== $env: 10 episodes of the random policy, seed 0 =="
  "$bin" rollout --env "$env" --policy random --episodes 10 --seed 0 | tail -n 1
done
echo
echo "demo finished"
