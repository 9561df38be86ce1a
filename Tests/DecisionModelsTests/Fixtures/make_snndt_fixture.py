"""Writes snndt_fixture_<name>.safetensors: a small PyTorch + Norse 1.1.0 SNN-DT in the SpikingMindRL style with its
bugs fixed (causal and key-padding masks in the spiking attention, full-batch outputs), the reference for the Swift
SNNDecisionTransformer (run by hand; torch and norse only).

    python3 make_snndt_fixture.py

Model (MODELS.md §3.1, §3.7): kzl DT tokens (timestep embedding, return/state/action Linears, embed LN), pre-LN
GPT-2 blocks whose attention is: rate code e_t = sigmoid(10 (clamp(LN1 h, 0, 1) T - t)); Q/K/V = norse LIFCell
(state carried over t) of Linear(e_t); optional phase gating of each head's spikes (hard gate, sigmoid-sine
surrogate); counts summed over t; softmax(Q K^T / sqrt(dh)) V with GPT-2 masking (-1e4 causal, additive padding);
optional dendritic routing (sigmoid(Linear(per-head sums)) gates); out LIF one step from a fresh state; c_proj;
residual; MLP (ReLU) residual; ln_f; action head on state tokens (tanh if continuous). Dropout 0.
Training step: masked loss, backward, clip 0.25, AdamW(1e-4, wd 1e-4), factor min((step+1)/10, 1).
Seeds are chosen so that no LIF voltage lies within 1e-4 of its threshold in the first forward.
Parameter names are the Swift model's. Tensors: param.*, grad.*, after.*, input.*, output.*.
"""
import json
import math

import norse.torch as norse
import norse.torch.functional.lif as norse_lif
import torch
import torch.nn as nn
from safetensors.torch import save_file


class Gate(torch.autograd.Function):
    """1[sin(phase) > 0] with the surrogate d/dphase sigmoid(s sin(phase))."""

    @staticmethod
    def forward(ctx, phase):
        ctx.save_for_backward(phase)
        return (torch.sin(phase) > 0).float()

    @staticmethod
    def backward(ctx, g):
        (phase,) = ctx.saved_tensors
        s = torch.sigmoid(10 * torch.sin(phase))
        return g * 10 * s * (1 - s) * torch.cos(phase)


def lif_params(tau_mem_inv, v_th):
    return norse.LIFParameters(tau_syn_inv=torch.tensor(200.0), tau_mem_inv=torch.tensor(tau_mem_inv),
                               v_leak=torch.tensor(0.0), v_th=torch.tensor(v_th), v_reset=torch.tensor(0.0),
                               method="super", alpha=torch.tensor(100.0))


class Proj(nn.Module):
    def __init__(self, d, p):
        super().__init__()
        self.fc = nn.Linear(d, d)
        self.lif = norse.LIFCell(p=p)


class PositionalEncoder(nn.Module):
    def __init__(self, heads):
        super().__init__()
        self.omega = nn.Parameter(torch.rand(heads) * 2 * math.pi)
        self.phi = nn.Parameter(torch.rand(heads) * 2 * math.pi)


class SNNAttention(nn.Module):
    def __init__(self, d, heads, T, p, p_out, gating, routing):
        super().__init__()
        self.d, self.heads, self.T = d, heads, T
        self.q_proj, self.k_proj, self.v_proj, self.out_proj = Proj(d, p), Proj(d, p), Proj(d, p), Proj(d, p_out)
        self.positional_encoder = PositionalEncoder(heads) if gating else None
        self.dendritic_router = nn.Linear(heads, heads) if routing else None

    def forward(self, x, add_mask):
        B, S, E = x.shape
        H, dh = self.heads, E // self.heads
        t_idx = torch.arange(self.T).view(self.T, 1, 1, 1).float()
        enc = torch.sigmoid(10 * (x.clamp(0, 1).unsqueeze(0) * self.T - t_idx))
        counts = []
        for proj in (self.q_proj, self.k_proj, self.v_proj):
            state, total = None, 0
            for t in range(self.T):
                z, state = proj.lif(proj.fc(enc[t]), state)
                if self.positional_encoder is not None:
                    gate = Gate.apply(self.positional_encoder.omega * t + self.positional_encoder.phi)  # (H,)
                    z = (z.view(B, S, H, dh) * gate.view(1, 1, H, 1)).view(B, S, E)
                total = total + z
            counts.append(total)
        q, k, v = (c.view(B, S, H, dh).transpose(1, 2) for c in counts)
        w = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(dh)
        causal = torch.tril(torch.ones(S, S, dtype=torch.bool)).view(1, 1, S, S)
        w = torch.where(causal, w, torch.tensor(-1e4)) + add_mask
        o = torch.matmul(torch.softmax(w, dim=-1), v).transpose(1, 2).reshape(B, S, E)
        if self.dendritic_router is not None:
            per_head = o.view(B, S, H, dh)
            gates = torch.sigmoid(self.dendritic_router(per_head.sum(-1))).view(B, S, H, 1)
            o = (per_head * gates).reshape(B, S, E)
        z, _ = self.out_proj.lif(self.out_proj.fc(o), None)
        return z


class Attn(nn.Module):
    def __init__(self, d, **kw):
        super().__init__()
        self.snn_attn = SNNAttention(d, **kw)
        self.c_proj = nn.Linear(d, d)


class MLP(nn.Module):
    def __init__(self, d, f):
        super().__init__()
        self.c_fc, self.c_proj = nn.Linear(d, f), nn.Linear(f, d)


class Block(nn.Module):
    def __init__(self, d, f, **kw):
        super().__init__()
        self.ln_1, self.attn, self.ln_2, self.mlp = nn.LayerNorm(d), Attn(d, **kw), nn.LayerNorm(d), MLP(d, f)

    def forward(self, h, add_mask):
        h = h + self.attn.c_proj(self.attn.snn_attn(self.ln_1(h), add_mask))
        return h + self.mlp.c_proj(torch.relu(self.mlp.c_fc(self.ln_2(h))))


class Transformer(nn.Module):
    def __init__(self, d, f, layers, **kw):
        super().__init__()
        self.h = nn.ModuleList([Block(d, f, **kw) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(d)


class SNNDT(nn.Module):
    def __init__(self, sd, ad, d, f, layers, max_ep_len, discrete, **kw):
        super().__init__()
        self.d, self.discrete = d, discrete
        self.embed_timestep = nn.Embedding(max_ep_len, d)
        self.embed_return, self.embed_state, self.embed_action = nn.Linear(1, d), nn.Linear(sd, d), nn.Linear(ad, d)
        self.embed_ln = nn.LayerNorm(d)
        self.transformer = Transformer(d, f, layers, **kw)
        self.predict_action = nn.Linear(d, ad)

    def forward(self, states, actions, rtg, timesteps, mask):
        B, K = states.shape[:2]
        t = self.embed_timestep(timesteps)
        toks = [self.embed_return(rtg) + t, self.embed_state(states) + t, self.embed_action(actions) + t]
        x = self.embed_ln(torch.stack(toks, dim=2).reshape(B, 3 * K, self.d))
        m = mask.repeat_interleave(3, dim=1)
        add_mask = ((1.0 - m) * -10000.0)[:, None, None, :]
        for blk in self.transformer.h:
            x = blk(x, add_mask)
        y = self.predict_action(self.transformer.ln_f(x)[:, 1::3])
        return y if self.discrete else torch.tanh(y)


def margin_probe(run):
    worst = [float("inf")]
    original = norse_lif.threshold

    def probe(x, method, alpha):
        worst[0] = min(worst[0], float(x.abs().min()))
        return original(x, method, alpha)

    norse_lif.threshold = probe
    try:
        with torch.no_grad():
            run()
    finally:
        norse_lif.threshold = original
    return worst[0]


def make(name, discrete, T, heads, gating, routing, p, p_out):
    for seed in range(200):
        torch.manual_seed(seed)
        sd, ad, K, B = (4, 3, 5, 3) if discrete else (3, 2, 5, 3)
        model = SNNDT(sd, ad, 32, 64, 2, 50, discrete, heads=heads, T=T, p=p, p_out=p_out, gating=gating, routing=routing)
        states = torch.randn(B, K, sd)
        mask = torch.tensor([[1.0] * 5, [0, 0, 1, 1, 1], [0, 0, 0, 0, 1]])
        rtg = torch.randn(B, K, 1)
        timesteps = torch.tensor([[3, 4, 5, 6, 7], [0, 0, 0, 1, 2], [0, 0, 0, 0, 49]])
        if discrete:
            targets = torch.randint(0, ad, (B, K))
            actions = torch.nn.functional.one_hot(targets, ad).float() * mask[..., None]
        else:
            targets = torch.rand(B, K, ad) * 2 - 1
            actions = torch.where(mask[..., None] > 0, targets, torch.full_like(targets, -10.0))
        margin = margin_probe(lambda: model(states, actions, rtg, timesteps, mask))
        if margin > 1e-4:
            break
    params = dict(model.named_parameters())
    out = {f"param.{n}": q.detach().clone() for n, q in params.items()}
    out.update({"input.states": states, "input.actions": actions, "input.rtg": rtg.reshape(B, K),
                "input.timesteps": timesteps.float(), "input.mask": mask, "input.targets": targets.float()})
    opt = torch.optim.AdamW(list(params.values()), lr=1e-4, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / 10, 1))
    for step in range(3):
        preds = model(states, actions, rtg, timesteps, mask)
        flat = preds.reshape(-1, ad)[mask.reshape(-1) > 0]
        if discrete:
            loss = torch.nn.functional.cross_entropy(flat, targets.reshape(-1)[mask.reshape(-1) > 0])
        else:
            loss = torch.mean((flat - targets.reshape(-1, ad)[mask.reshape(-1) > 0]) ** 2)
        opt.zero_grad()
        loss.backward()
        if step == 0:
            out["output.predictions"] = preds.detach().clone()
            out["output.loss"] = loss.detach().reshape(1)
            out.update({f"grad.{n}": (q.grad if q.grad is not None else torch.zeros_like(q)).detach().clone()
                        for n, q in params.items()})
        torch.nn.utils.clip_grad_norm_(list(params.values()), 0.25)
        opt.step()
        sched.step()
    out.update({f"after.{n}": q.detach().clone() for n, q in params.items()})

    def lif(q):
        return {"tau_mem_inv": float(q.tau_mem_inv), "v_th": float(q.v_th)}
    meta = {"discrete": discrete, "state_dim": sd, "act_dim": ad, "K": K, "B": B, "hidden": 32, "inner": 64, "layers": 2,
            "heads": heads, "T": T, "gating": gating, "routing": routing, "max_ep_len": 50, "neuron": lif(p),
            "output_neuron": lif(p_out), "seed": seed, "margin": margin, "torch": torch.__version__}
    file = f"snndt_fixture_{name}.safetensors"
    save_file({k: v.contiguous() for k, v in out.items()}, file, metadata={"config": json.dumps(meta)})
    print("wrote", file, "seed", seed, "margin", margin, "loss", float(out["output.loss"]))


make("default_continuous", False, 4, 1, False, False, lif_params(100.0, 1.0), lif_params(100.0, 1.0))
make("fast_gated_routed_discrete", True, 5, 2, True, True, lif_params(500.0, 0.5), lif_params(1000.0, 0.3))
