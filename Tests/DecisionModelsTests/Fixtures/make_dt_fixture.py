"""Writes dt_fixture_{continuous,discrete}.safetensors: a small PyTorch Decision Transformer's weights,
inputs, predictions, loss, gradients and parameters after 3 AdamW steps (run by hand; torch only).

    python3 make_dt_fixture.py [path/to/shared/peers]

Model: ../shared/peers/dt_models.py DecisionTransformer, D=32, 2 layers, 1 head, K=5, batch 3,
ReLU, dropout 0, max_ep_len 50. Training step as the Swift one: masked loss, backward, global-norm clip
0.25, AdamW(lr 1e-4, weight decay 1e-4) with a linear warmup factor min((step+1)/10, 1).
Tensor names follow the Swift parameter names: param.<name>, grad.<name>, after.<name>, input.*, output.*.
"""
import json
import sys

import torch
from safetensors.torch import save_file

sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else "../../../../shared/peers")
from dt_models import DecisionTransformer  # noqa: E402


def swift_name(name):
    name = name.replace("predict_action.0.", "predict_action.")
    if name.startswith("h."):
        parts = name.split(".")
        i, rest = parts[1], ".".join(parts[2:])
        rest = rest.replace("c_attn", "attn.c_attn").replace("c_proj", "attn.c_proj")
        rest = rest.replace("c_fc", "mlp.c_fc").replace("mlp_proj", "mlp.c_proj")
        return f"transformer.h.{i}.{rest}"
    if name.startswith("ln_f."):
        return "transformer." + name
    return name


def make(discrete, seed):
    torch.manual_seed(seed)
    state_dim, act_dim, K, B = (4, 3, 5, 3) if discrete else (3, 2, 5, 3)
    model = DecisionTransformer(state_dim, act_dim, H=32, n_layer=2, n_head=1, K=K, max_ep_len=50, dropout=0.0,
                                act="relu", discrete=discrete)
    params = {n: p for n, p in model.named_parameters() if not n.startswith(("wte", "predict_state", "predict_return"))}
    states = torch.randn(B, K, state_dim)
    mask = torch.tensor([[1.0] * 5, [0, 0, 1, 1, 1], [0, 0, 0, 0, 1]])
    rtg = torch.randn(B, K, 1)
    timesteps = torch.tensor([[3, 4, 5, 6, 7], [0, 0, 0, 1, 2], [0, 0, 0, 0, 49]])
    if discrete:
        targets = torch.randint(0, act_dim, (B, K))
        actions = torch.nn.functional.one_hot(targets, act_dim).float() * mask[..., None]
    else:
        targets = torch.rand(B, K, act_dim) * 2 - 1
        actions = torch.where(mask[..., None] > 0, targets, torch.full_like(targets, -10.0))
    out = {f"param.{swift_name(n)}": p.detach().clone() for n, p in params.items()}
    out.update({"input.states": states, "input.actions": actions, "input.rtg": rtg.reshape(B, K),
                "input.timesteps": timesteps.float(), "input.mask": mask,
                "input.targets": targets.float()})
    opt = torch.optim.AdamW(list(params.values()), lr=1e-4, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / 10, 1))
    for step in range(3):
        _, preds, _ = model(states, actions, rtg, timesteps, mask)
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
            out.update({f"grad.{swift_name(n)}": p.grad.detach().clone() for n, p in params.items()})
        torch.nn.utils.clip_grad_norm_(list(params.values()), 0.25)
        opt.step()
        sched.step()
    out.update({f"after.{swift_name(n)}": p.detach().clone() for n, p in params.items()})
    meta = {"discrete": discrete, "state_dim": state_dim, "act_dim": act_dim, "K": K, "B": B, "hidden": 32,
            "layers": 2, "max_ep_len": 50, "torch": torch.__version__}
    name = f"dt_fixture_{'discrete' if discrete else 'continuous'}.safetensors"
    save_file({k: v.contiguous() for k, v in out.items()}, name, metadata={"config": json.dumps(meta)})
    print("wrote", name, "loss", float(out["output.loss"]))


make(False, 0)
make(True, 1)
