"""Gymnasium's own heuristics (LunarLander `heuristic`, `BipedalWalkerHeuristics`) on seeds 0..N-1, for comparison
with `spikingmind rollout --policy reference --seed-each-episode` (same seeds).

    python3 Scripts/crosscheck/gymnasium_reference_heuristics.py 50 > gym.json   # gymnasium[box2d] 1.4.0, box2d 2.3.10
    Scripts/crosscheck/compare_reference_heuristics.sh 50                        # both sides, the table

Our Box2D environments run on Debian's libbox2d 2.4, Gymnasium's on pybox2d 2.3.10: trajectories part after some
steps, so per-seed returns differ slightly; the comparison is of return statistics.
"""
import json
import sys

import gymnasium as gym
from gymnasium.envs.box2d.bipedal_walker import BipedalWalkerHeuristics
from gymnasium.envs.box2d.lunar_lander import heuristic

episodes = int(sys.argv[1]) if len(sys.argv) > 1 else 50


def lunar(continuous, seed):
    env = gym.make("LunarLander-v3", continuous=continuous)
    s, _ = env.reset(seed=seed)
    total = 0.0
    while True:
        s, r, terminated, truncated, _ = env.step(heuristic(env.unwrapped, s))
        total += r
        if terminated or truncated:
            return total


def bipedal(seed):
    env = gym.make("BipedalWalker-v3")
    env.reset(seed=seed)
    controller = BipedalWalkerHeuristics()
    action = [0.0, 0.0, 0.0, 0.0]  # as Gymnasium's demo: zero torque first
    total = 0.0
    while True:
        s, r, terminated, truncated, _ = env.step(action)
        total += r
        if terminated or truncated:
            return total
        action = controller.step_heuristic(s)


result = {
    "LunarLander-v3": [lunar(False, s) for s in range(episodes)],
    "LunarLanderContinuous-v3": [lunar(True, s) for s in range(episodes)],
    "BipedalWalker-v3": [bipedal(s) for s in range(episodes)],
}
print(json.dumps(result))
