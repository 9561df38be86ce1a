"""Reference data for the MuJoCo environments, from Gymnasium 1.4.0 with mujoco 3.3.5 (run by hand in a virtual
environment outside git: pip install gymnasium==1.4.0 mujoco==3.3.5 numpy):

    python make_mujoco_reference.py   (pip install gymnasium==1.4.0 mujoco==3.3.5 numpy imageio packaging)

writes <task>_reference.json (v4) and <task>_v5_reference.json beside itself:

- constants: the compiled model's masses, inertias, joint ranges, actuator gears and control ranges, solver options;
- resets: the observation after reset(seed) for seeds 0..9 (the noise draws);
- transitions: one-step transitions from states a seeded random policy visits (set_state, then step);
- episodes: returns and lengths of episodes whose actions are np.random.default_rng(1000 + seed).uniform(-1, 1,
  (1000, nu)) as float32 (a policy the Swift side reproduces with its NumPy generator), seeds 0..49.
"""
import json
import os

import gymnasium as gym
import mujoco
import numpy as np


def constants(model):
    return {
        "body_mass": model.body_mass.tolist(),
        "body_inertia": model.body_inertia.ravel().tolist(),
        "jnt_range": model.jnt_range.ravel().tolist(),
        "actuator_gear": model.actuator_gear[:, 0].tolist(),
        "ctrlrange": model.actuator_ctrlrange.ravel().tolist(),
        "timestep": float(model.opt.timestep),
        "iterations": int(model.opt.iterations),
        "tolerance": float(model.opt.tolerance),
        "gravity_z": float(model.opt.gravity[2]),
    }


def reference(env_id):
    env = gym.make(env_id)
    u = env.unwrapped
    nu = u.model.nu
    out = {"gymnasium": gym.__version__, "mujoco": mujoco.__version__, "env": env_id, "constants": constants(u.model)}
    out["resets"] = [{"seed": s, "obs": env.reset(seed=s)[0].tolist()} for s in range(10)]
    transitions = []
    rng = np.random.default_rng(7)
    episode = 0
    limit = 150 if env_id.endswith("v4") else 60
    while len(transitions) < limit:
        env.reset(seed=100 + episode)
        episode += 1
        for _ in range(1000):
            qpos, qvel = u.data.qpos.copy(), u.data.qvel.copy()
            action = rng.uniform(-1, 1, nu).astype(np.float32)
            obs, reward, terminated, truncated, _ = env.step(action)
            transitions.append({
                "qpos": qpos.tolist(), "qvel": qvel.tolist(), "action": action.astype(float).tolist(),
                "obs": obs.tolist(), "reward": float(reward), "terminated": bool(terminated),
                "next_qpos": u.data.qpos.tolist(), "next_qvel": u.data.qvel.tolist(),
            })
            if terminated or truncated or len(transitions) == limit:
                break
    # Each transition again from its recorded state (set_state), as the Swift test replays it.
    for t in transitions:
        env.reset(seed=0)
        u.set_state(np.array(t["qpos"]), np.array(t["qvel"]))
        obs, reward, terminated, _, _ = env.step(np.array(t["action"], dtype=np.float32))
        t["obs"], t["reward"], t["terminated"] = obs.tolist(), float(reward), bool(terminated)
        t["next_qpos"], t["next_qvel"] = u.data.qpos.tolist(), u.data.qvel.tolist()
    out["transitions"] = transitions
    episodes = []
    for s in range(50 if env_id.endswith("v4") else 30):
        actions = np.random.default_rng(1000 + s).uniform(-1, 1, (1000, nu)).astype(np.float32)
        env.reset(seed=s)
        total, length = 0.0, 0
        for a in actions:
            _, reward, terminated, truncated, _ = env.step(a)
            total += reward
            length += 1
            if terminated or truncated:
                break
        episodes.append({"seed": s, "return": total, "length": length})
    out["episodes"] = episodes
    return out


here = os.path.dirname(os.path.abspath(__file__))
for env_id, name in [("Hopper-v4", "hopper"), ("Walker2d-v4", "walker2d"), ("HalfCheetah-v4", "half_cheetah"),
                     ("Hopper-v5", "hopper_v5"), ("Walker2d-v5", "walker2d_v5"), ("HalfCheetah-v5", "half_cheetah_v5")]:
    with open(os.path.join(here, f"{name}_reference.json"), "w") as f:
        json.dump(reference(env_id), f)
