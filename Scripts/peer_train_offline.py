#!/usr/bin/env python3
"""Cross-check for `spikingmind train-offline`: trains the PyTorch reference models on a spikingmind `.npz`
dataset and evaluates them in Gymnasium, with train-offline's data pipeline and defaults re-implemented here:
states normalised by the dataset's mean / (std + 1e-6), returns-to-go divided by the return scale, windows of
K steps (episodes drawn in proportion to their length, a uniform start, left padding with mask 0), box actions
scaled to [-1, 1] for the tanh head, masked MSE, AdamW (weight decay 1e-4), linear warmup then cosine decay to
10% of the rate, gradient-norm clipping 0.25. Evaluation: seeds 2^63 + i (disjoint from the datasets'), the
return-to-go decremented by the reward, the last checkpoint.

Models: `dsformer` (../shared/peers/dsformer_ref.py, equal to the released Decision SpikeFormer) and `dt`
(../shared/peers/dt_models.py, the kzl Decision Transformer). A tool run by hand in the peers' virtual
environment (torch, numpy, gymnasium), never a product or test dependency. It answers one question: does a
learning result of ours come from the model and data, or from our implementation?

  .venv-peers/bin/python Scripts/peer_train_offline.py --data results/data/Pendulum-v1-mixed.npz \
      --env Pendulum-v1 --model dsformer --target-return -136.67 --return-scale 1000
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch

PEERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "peers")


def episodes(data):
    """(start, end) row ranges of the dataset's episodes."""
    starts = np.flatnonzero(data["episode_starts"]).tolist() + [len(data["rewards"])]
    return list(zip(starts[:-1], starts[1:]))


def returns_to_go(rewards, ranges):
    rtg = np.zeros_like(rewards, dtype=np.float64)
    for s, e in ranges:
        rtg[s:e] = np.cumsum(rewards[s:e][::-1])[::-1]
    return rtg


class Windows:
    """Batches of K-step windows, as train-offline's WindowSampler draws them."""

    def __init__(self, data, k, scale, low, high, seed, max_t):
        self.ranges = episodes(data)
        obs = data["observations"].astype(np.float64)
        self.mean, self.std = obs.mean(0), obs.std(0) + 1e-6
        self.states = ((obs - self.mean) / self.std).astype(np.float32)
        self.actions = (2 * (data["actions"] - low) / (high - low) - 1).astype(np.float32)
        self.rtg = (returns_to_go(data["rewards"].astype(np.float64), self.ranges) / scale).astype(np.float32)
        self.lengths = np.array([e - s for s, e in self.ranges], dtype=np.float64)
        self.k, self.rng = k, np.random.default_rng(seed)
        self.max_t = max_t

    def batch(self, b):
        k, sd, ad = self.k, self.states.shape[1], self.actions.shape[1]
        s = np.zeros((b, k, sd), np.float32)
        a = np.zeros((b, k, ad), np.float32)
        r = np.zeros((b, k, 1), np.float32)
        t = np.zeros((b, k), np.int64)
        m = np.zeros((b, k), np.int64)
        picks = self.rng.choice(len(self.ranges), size=b, p=self.lengths / self.lengths.sum())
        for i, e in enumerate(picks):
            lo, hi = self.ranges[e]
            start = lo + int(self.rng.integers(0, hi - lo))
            end = min(start + k, hi)
            n = end - start
            s[i, k - n:], a[i, k - n:], r[i, k - n:, 0] = self.states[start:end], self.actions[start:end], self.rtg[start:end]
            s[i, :k - n] = -self.mean / self.std
            t[i, k - n:] = np.minimum(np.arange(start - lo, end - lo), self.max_t)
            m[i, k - n:] = 1
        return [torch.from_numpy(x) for x in (s, a, r, t, m)]


def make_model(name, sd, ad, args):
    sys.path.insert(0, PEERS)
    if name == "dsformer":
        from dsformer_ref import DecisionSpikeFormer
        attn = {"sssa": 1, "tssa": 2, "pssa": 3}[args.attention]
        norm = {"ln": 1, "bn": 2, "ptbn": 3}[args.norm]
        return DecisionSpikeFormer(sd, ad, hidden_size=args.hidden, n_layer=args.layers, n_head=1, max_length=args.context,
                                   T=4, attn_type=attn, norm_type=norm, window_size=8, num_training_steps=args.steps)
    from dt_models import DecisionTransformer
    return DecisionTransformer(sd, ad, H=args.hidden, n_layer=args.layers, n_head=1, K=args.context,
                              max_ep_len=args.max_episode_length, dropout=args.dropout)


def predict(model, name, s, a, r, t, m):
    """Action predictions (B, K, a): both models return (state, action, return) predictions."""
    return model(s, a, r, t, m)[1]


def train(model, name, windows, args):
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    warm = args.warmup

    def factor(step):
        if step < warm:
            return (step + 1) / warm
        p = (step - warm) / max(1, args.steps - warm)
        return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * p))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, factor)
    model.train()
    for step in range(args.steps):
        s, a, r, t, m = windows.batch(args.batch)
        pred = predict(model, name, s, a, r, t, m)
        w = m.unsqueeze(-1).float()
        loss = (((pred - a) ** 2) * w).sum() / (w.sum() * a.shape[-1])
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.25)
        opt.step()
        sched.step()
        if (step + 1) % 500 == 0:
            print(f"step {step + 1} loss {loss.item():.4f}", file=sys.stderr, flush=True)


@torch.no_grad()
def evaluate(model, name, windows, args, low, high):
    import gymnasium as gym
    model.eval()
    env = gym.make(args.env)
    returns = []
    k = args.context
    for i in range(args.episodes):
        obs, _ = env.reset(seed=2 ** 63 + i)
        states, actions, rtgs, steps = [], [], [], []
        rtg, total, done, step = args.target_return / args.return_scale, 0.0, False, 0
        while not done:
            states.append((obs - windows.mean) / windows.std)
            rtgs.append(rtg)
            steps.append(min(step, args.max_episode_length - 1))
            actions.append(np.zeros(len(low)))
            s = torch.tensor(np.array(states[-k:]), dtype=torch.float32)[None]
            a = torch.tensor(np.array(actions[-k:]), dtype=torch.float32)[None]
            r = torch.tensor(np.array(rtgs[-k:]), dtype=torch.float32)[None, :, None]
            t = torch.tensor(steps[-k:], dtype=torch.long)[None]
            m = torch.ones_like(t)
            action = predict(model, name, s, a, r, t, m)[0, -1].numpy()
            actions[-1] = action
            obs, reward, term, trunc, _ = env.step((action + 1) / 2 * (high - low) + low)
            total += reward
            rtg -= reward / args.return_scale
            done, step = term or trunc, step + 1
        returns.append(total)
    return returns


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", required=True)
    p.add_argument("--env", required=True)
    p.add_argument("--model", choices=["dsformer", "dt"], default="dsformer")
    p.add_argument("--attention", choices=["sssa", "tssa", "pssa"], default="pssa")
    p.add_argument("--norm", choices=["ln", "bn", "ptbn"], default="ptbn")
    p.add_argument("--hidden", type=int, default=64)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--context", type=int, default=20)
    p.add_argument("--steps", type=int, default=4000)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--warmup", type=int, default=100)
    p.add_argument("--dropout", type=float, default=0.1, help="the DT's dropout (train-offline's default 0.1)")
    p.add_argument("--max-episode-length", type=int, default=1000, help="the DT's timestep table; timesteps are clipped to it")
    p.add_argument("--return-scale", type=float, default=1000)
    p.add_argument("--target-return", type=float, required=True)
    p.add_argument("--episodes", type=int, default=20)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    data = np.load(args.data)
    import gymnasium as gym
    space = gym.make(args.env).action_space
    low, high = space.low.astype(np.float32), space.high.astype(np.float32)
    windows = Windows(data, args.context, args.return_scale, low, high, args.seed, args.max_episode_length - 1)
    model = make_model(args.model, windows.states.shape[1], windows.actions.shape[1], args)
    start = time.time()
    train(model, args.model, windows, args)
    seconds = time.time() - start
    returns = [float(x) for x in evaluate(model, args.model, windows, args, low, high)]  # Box2D rewards are float32
    print(f"returns {returns}", file=sys.stderr, flush=True)
    print(json.dumps({"env": args.env, "data": os.path.basename(args.data), "model": args.model, "attention": args.attention,
                      "norm": args.norm, "seed": args.seed, "steps": args.steps, "train_seconds": round(seconds, 1),
                      "mean": float(np.mean(returns)), "std": float(np.std(returns)), "returns": [round(x, 1) for x in returns]}))


if __name__ == "__main__":
    main()
