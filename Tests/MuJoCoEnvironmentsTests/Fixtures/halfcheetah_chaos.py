"""How chaotic HalfCheetah-v4 episodes are: Gymnasium against itself with the reset velocities moved by 1e-15
(relative return differences over seeds 0-9; LocomotionTests cites it). Same virtual environment as
make_mujoco_reference.py."""
import gymnasium as gym, numpy as np, warnings
warnings.filterwarnings("ignore")
env = gym.make("HalfCheetah-v4"); u = env.unwrapped
rel = []
for s in range(10):
    actions = np.random.default_rng(1000 + s).uniform(-1, 1, (1000, 6)).astype(np.float32)
    rets = []
    for eps in [0.0, 1e-15]:
        env.reset(seed=s)
        u.set_state(u.data.qpos.copy(), u.data.qvel.copy() + eps)
        total = 0.0
        for a in actions:
            _, r, term, trunc, _ = env.step(a); total += r
            if term or trunc: break
        rets.append(total)
    rel.append(abs(rets[0]-rets[1])/max(1,abs(rets[0])))
print(sorted(rel))
