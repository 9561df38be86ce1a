"""Writes the numpy-made .npz fixtures the Swift tests read (run by hand; numpy only).

    python3 make_numpy_fixtures.py      # writes numpy_written.npz and numpy_compressed.npz here

numpy_written.npz: np.savez (stored members, ZIP64 extra fields as Python's zipfile writes them) of a
two-episode CartPole-v1 dataset with the spikingmind-dataset/1 metadata and its fnv1a64 checksum.
numpy_compressed.npz: the same arrays with np.savez_compressed (deflate), which the reader inflates to the same.
"""
import json

import numpy as np

obs = np.array([[0.01, 0.02, -0.03, 0.04], [0.011, 0.2, -0.031, -0.25], [0.015, 0.01, -0.036, 0.03],
                [-0.02, 0.0, 0.04, 0.0], [-0.02, -0.19, 0.04, 0.3]], dtype=np.float32)
actions = np.array([[1.0], [0.0], [1.0], [0.0], [1.0]], dtype=np.float32)
rewards = np.ones(5, dtype=np.float32)
terminals = np.array([False, False, True, False, False])
timeouts = np.array([False, False, False, False, True])
starts = np.array([True, False, False, True, False])
arrays = [obs, actions, rewards, terminals, timeouts, starts]

h = 0xCBF29CE484222325
for a in arrays:
    for b in a.tobytes():
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
meta = {
    "format": "spikingmind-dataset/1", "env_id": "CartPole-v1", "env_options": {}, "expert": "numpy-fixture",
    "quality": "expert", "seed": 7, "episodes": 2, "steps": 5, "action_kind": "discrete",
    "observation_dimension": 4, "action_dimension": 1,
    "returns": {"mean": 2.5, "std": 0.5, "min": 2.0, "max": 3.0}, "random_return": 23.28,
    "expert_return": 500.0, "toolkit_version": "numpy", "checksum": f"fnv1a64:{h:016x}",
}
fields = dict(observations=obs, actions=actions, rewards=rewards, terminals=terminals, timeouts=timeouts,
              episode_starts=starts, metadata=np.array(json.dumps(meta)))
np.savez("numpy_written.npz", **fields)
np.savez_compressed("numpy_compressed.npz", **fields)
print("wrote numpy_written.npz, numpy_compressed.npz; checksum", meta["checksum"])
