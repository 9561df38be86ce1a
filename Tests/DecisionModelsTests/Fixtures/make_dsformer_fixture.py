"""Writes dsformer_fixture_<name>.safetensors: a small PyTorch Decision SpikeFormer (../shared/peers/dsformer_ref.py,
the released model's module names) with its weights, buffers, inputs, predictions, loss, gradients, and parameters
and buffers after 3 training steps (run by hand; torch only).

    python3 make_dsformer_fixture.py [path/to/shared/peers]

Model: D 32, 2 layers, K 5, T 4, batch 3 (one full window, two left-padded), PSSA (window 3) or TSSA (2 heads)
or SSSA; LN, BN or PTBN — PTBN mid-ramp: total_step 4 with iter set to 2, so the three steps use lambda 0.5,
0.25, 0. Training step as the Swift one: masked loss, backward, global-norm clip 0.25, AdamW(lr 1e-4, weight
decay 1e-4) with the factor min((step+1)/10, 1). Padded action inputs are 0 (consistent padding; the released
model sees what it is given). Seeds are chosen so that no LIF input lies within 1e-4 of the threshold in the
first forward (a float rounding difference there would flip a spike).
Tensor names: param.<name>, grad.<name>, after.<name>, buffer.<name>, after_buffer.<name> (counters as F32),
input.*, output.*.
"""
import json
import sys

import torch
from safetensors.torch import save_file

sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else "../../../../shared/peers")
import dsformer_ref as ref  # noqa: E402

ATTN = {"sssa": 1, "tssa": 2, "pssa": 3}
NORM = {"ln": 1, "bn": 2, "ptbn": 3}


def margins(model, run):
    """Smallest |u - threshold| over every LIF membrane in one forward."""
    worst = [float("inf")]
    original = ref._Box.forward

    def forward(ctx, u):
        worst[0] = min(worst[0], float((u - ref.THRESH).abs().min()))
        return original(ctx, u)

    ref._Box.forward = staticmethod(forward)
    try:
        with torch.no_grad():
            run()
    finally:
        ref._Box.forward = staticmethod(original)
    return worst[0]


def make(name, attn, norm, discrete, heads, window):
    for seed in range(100):
        torch.manual_seed(seed)
        state_dim, act_dim, K, B = (4, 3, 5, 3) if discrete else (3, 2, 5, 3)
        model = ref.DecisionSpikeFormer(state_dim, act_dim, hidden_size=32, n_layer=2, n_head=heads, max_length=K, T=4,
                                        attn_type=ATTN[attn], norm_type=NORM[norm], window_size=window,
                                        num_training_steps=40, warmup_ratio=0.1, discrete=discrete)
        for m in model.modules():
            if isinstance(m, ref.PTNorm):
                m.iter.fill_(2)
        states = torch.randn(B, K, state_dim)
        mask = torch.tensor([[1.0] * 5, [0, 0, 1, 1, 1], [0, 0, 0, 0, 1]])
        rtg = torch.randn(B, K, 1)
        if discrete:
            targets = torch.randint(0, act_dim, (B, K))
            actions = torch.nn.functional.one_hot(targets, act_dim).float() * mask[..., None]
        else:
            targets = torch.rand(B, K, act_dim) * 2 - 1
            actions = targets * mask[..., None]
        model.train()
        snapshot = {k: v.clone() for k, v in model.state_dict().items()}
        margin = margins(model, lambda: model(states, actions, rtg, None, mask))
        model.load_state_dict(snapshot)  # the probe forward advanced the PTBN counters and BN statistics
        if margin > 1e-4:
            break
    params = dict(model.named_parameters())
    buffers = dict(model.named_buffers())
    out = {f"param.{n}": p.detach().clone() for n, p in params.items()}
    out.update({f"buffer.{n}": b.detach().clone().float() for n, b in buffers.items()})
    out.update({"input.states": states, "input.actions": actions, "input.rtg": rtg.reshape(B, K), "input.mask": mask,
                "input.targets": targets.float()})
    opt = torch.optim.AdamW(list(params.values()), lr=1e-4, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / 10, 1))
    for step in range(3):
        _, preds, _ = model(states, actions, rtg, None, mask)
        flat = preds.reshape(-1, act_dim)[mask.reshape(-1) > 0]
        if discrete:
            loss = torch.nn.functional.cross_entropy(flat, targets.reshape(-1)[mask.reshape(-1) > 0])
        else:
            loss = torch.mean((flat - targets.reshape(-1, act_dim)[mask.reshape(-1) > 0]) ** 2)
        opt.zero_grad()
        loss.backward()
        if step == 0:
            out["output.predictions"] = preds.detach().clone()
            out["output.loss"] = loss.detach().reshape(1)
            out.update({f"grad.{n}": p.grad.detach().clone() for n, p in params.items()})
        torch.nn.utils.clip_grad_norm_(list(params.values()), 0.25)
        opt.step()
        sched.step()
    out.update({f"after.{n}": p.detach().clone() for n, p in params.items()})
    out.update({f"after_buffer.{n}": b.detach().clone().float() for n, b in model.named_buffers()})
    model.eval()
    with torch.no_grad():
        out["output.evaluation"] = model(states, actions, rtg, None, mask)[1].detach().clone()
    meta = {"discrete": discrete, "state_dim": state_dim, "act_dim": act_dim, "K": K, "B": B, "hidden": 32, "layers": 2,
            "heads": heads, "T": 4, "attention": attn, "norm": norm, "window": window, "progressive_steps": 4,
            "seed": seed, "margin": margin, "torch": torch.__version__}
    file = f"dsformer_fixture_{name}.safetensors"
    save_file({k: v.contiguous() for k, v in out.items()}, file, metadata={"config": json.dumps(meta)})
    print("wrote", file, "seed", seed, "margin", margin, "loss", float(out["output.loss"]))


make("pssa_ln_continuous", "pssa", "ln", False, 1, 3)
make("pssa_ptbn_discrete", "pssa", "ptbn", True, 1, 3)
make("tssa_ln_discrete", "tssa", "ln", True, 2, 8)
make("tssa_ptbn_continuous", "tssa", "ptbn", False, 2, 8)
make("sssa_bn_continuous", "sssa", "bn", False, 2, 8)
