#!/usr/bin/env bash
# Installs what is missing, builds in release and runs the main job as far as it exists today:
# the registry, a seeded random rollout of every environment, then 100 expert episodes of every
# environment collected into Demos/ and summarised from the files.
set -euo pipefail
cd "$(dirname "$0")/.."

bash Scripts/install-system-packages.sh
swift build -c release --product spikingmind
bin=.build/release/spikingmind

"$bin" envs
for env in CartPole-v1 MountainCar-v0 MountainCarContinuous-v0 Acrobot-v1 Pendulum-v1; do
  echo
  echo "== $env =="
  "$bin" rollout --env "$env" --policy random --episodes 10 --seed 0 | tail -n 1
  "$bin" collect-experts --env "$env" --quality expert --episodes 100 --seed 0 --out "Demos/$env-expert.npz"
  "$bin" dataset info "Demos/$env-expert.npz" | sed -n '4,6p'
done
echo
echo "demo finished"
