#!/usr/bin/env bash
# A tour of the environments: installs what is missing, builds in release, then
# the registry, a seeded random rollout of every environment, 100 expert episodes of every
# environment collected into Demos/ and summarised from the files, and an SVG of a lunar landing.
set -euo pipefail
cd "$(dirname "$0")/.."

bash Scripts/install-system-packages.sh
swift build -c release --product spikingmind
bin=.build/release/spikingmind

"$bin" envs
for env in CartPole-v1 MountainCar-v0 MountainCarContinuous-v0 Acrobot-v1 Pendulum-v1 LunarLander-v3 \
  LunarLanderContinuous-v3 BipedalWalker-v3 BipedalWalkerHardcore-v3; do
  echo
  echo "== $env =="
  "$bin" rollout --env "$env" --policy random --episodes 10 --seed 0 | tail -n 1
  "$bin" collect-experts --env "$env" --quality expert --episodes 100 --seed 0 --out "Demos/$env-expert.npz"
  "$bin" dataset info "Demos/$env-expert.npz" | sed -n '4,6p'
done
echo
"$bin" render --env LunarLander --policy expert --seed 0 --out Demos/LunarLander-v3-heuristic.svg
echo "open Demos/LunarLander-v3-heuristic.svg in a browser to watch the landing"
echo "tour finished"
