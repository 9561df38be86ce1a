"""Writes the HDF5 fixtures the DatasetInterchange tests read (run by hand in a venv with h5py, gymnasium, minari).

    python3 make_hdf5_fixtures.py     # h5py 3.16, gymnasium 1.4.0, minari 0.5.4 when these were made

d4rl_cartpole.hdf5   D4RL layout written with h5py: 3 seeded CartPole-v1 episodes of a random policy, the last
                     cut by a 12-step time limit (timeouts), plus infos/qpos and next_observations (ignored).
d4rl_pendulum.hdf5   the same for Pendulum-v1 (float actions (N, 1)), 2 episodes of 15 steps, timeouts only,
                     float32 terminals (as older D4RL files store them).
minari_pendulum/     a Minari 0.5 dataset directory made by minari's own DataCollector (data/main_data.hdf5 and
                     data/metadata.json): 2 Pendulum-v1 episodes of a seeded random policy, truncated at 20
                     steps; ref scores given.
d4rl_hollow.hdf5     D4RL names, but observations declared (10^9, 4) float32 in chunks never written (16 GB logical,
                     no storage): the reader must refuse it before allocating.
expected.json        every fixture's arrays (episode boundaries implied by the flags) for the tests to compare.
"""
import json
import os
import shutil
import tempfile

import gymnasium as gym
import h5py
import numpy as np


def episodes(env_id, count, limit, seed):
    env = gym.make(env_id, max_episode_steps=limit)
    env.action_space.seed(seed)
    out = []
    for e in range(count):
        obs, _ = env.reset(seed=seed + e)
        rows = dict(observations=[], actions=[], rewards=[], terminals=[], timeouts=[], next_observations=[])
        while True:
            action = env.action_space.sample()
            nxt, reward, terminated, truncated, _ = env.step(action)
            rows["observations"].append(obs)
            rows["actions"].append(action)
            rows["rewards"].append(reward)
            rows["terminals"].append(terminated)
            rows["timeouts"].append(truncated and not terminated)
            rows["next_observations"].append(nxt)
            obs = nxt
            if terminated or truncated:
                break
        out.append(rows)
    return out


def d4rl(path, env_id, count, limit, seed, float_terminals=False):
    eps = episodes(env_id, count, limit, seed)
    cat = {k: np.concatenate([np.asarray(e[k]) for e in eps]) for k in eps[0]}
    with h5py.File(path, "w") as f:
        f["observations"] = cat["observations"].astype(np.float32)
        acts = cat["actions"]
        f["actions"] = acts.astype(np.float32) if acts.dtype.kind == "f" else acts.astype(np.int64)
        f["rewards"] = cat["rewards"].astype(np.float32)
        f["terminals"] = cat["terminals"].astype(np.float32 if float_terminals else bool)
        f["timeouts"] = cat["timeouts"].astype(bool)
        f["next_observations"] = cat["next_observations"].astype(np.float32)
        f["infos/qpos"] = np.zeros((len(cat["rewards"]), 2), dtype=np.float64)
    return {k: np.asarray(v).astype(np.float64).ravel().tolist() for k, v in cat.items() if k != "next_observations"}


def minari_fixture(path):
    import minari
    from minari import DataCollector
    root = tempfile.mkdtemp()
    os.environ["MINARI_DATASETS_PATH"] = root
    env = DataCollector(gym.make("Pendulum-v1", max_episode_steps=20))
    env.action_space.seed(5)
    for e in range(2):
        env.reset(seed=5 + e)
        while True:
            _, _, terminated, truncated, _ = env.step(env.action_space.sample())
            if terminated or truncated:
                break
    dataset = env.create_dataset("pendulum/random-v0", algorithm_name="random", ref_min_score=-1500.0, ref_max_score=-150.0)
    shutil.rmtree(path, ignore_errors=True)
    shutil.copytree(os.path.join(root, "pendulum", "random-v0"), path)
    result = {"observations": [], "actions": [], "rewards": [], "terminals": [], "timeouts": []}
    for episode in dataset.iterate_episodes():
        result["observations"] += episode.observations[:-1].astype(np.float64).ravel().tolist()
        result["actions"] += episode.actions.astype(np.float64).ravel().tolist()
        result["rewards"] += episode.rewards.astype(np.float64).ravel().tolist()
        result["terminals"] += episode.terminations.astype(np.float64).tolist()
        result["timeouts"] += episode.truncations.astype(np.float64).tolist()
    shutil.rmtree(root)
    return result


with h5py.File("d4rl_hollow.hdf5", "w") as f:
    f.create_dataset("observations", shape=(10**9, 4), dtype="f4", chunks=(4096, 4))
    for name, dtype in [("actions", "i8"), ("rewards", "f4"), ("terminals", bool), ("timeouts", bool)]:
        f.create_dataset(name, shape=(10**9,), dtype=dtype, chunks=(4096,))

expected = {
    "d4rl_cartpole": d4rl("d4rl_cartpole.hdf5", "CartPole-v1", 3, 12, 11),
    "d4rl_pendulum": d4rl("d4rl_pendulum.hdf5", "Pendulum-v1", 2, 15, 3, float_terminals=True),
    "minari_pendulum": minari_fixture("minari_pendulum"),
}
with open("expected.json", "w") as f:
    json.dump(expected, f)
print({k: len(v["rewards"]) for k, v in expected.items()})
