"""Prints the PyTorch AdamW reference the Swift test embeds (run by hand; torch only).

    python3 make_adamw_fixture.py
"""
import json

import torch

p = torch.tensor([0.5, -1.25, 2.0, 0.0], requires_grad=True)
opt = torch.optim.AdamW([p], lr=1e-2, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-1)
grads = [[0.1, -0.2, 0.3, 0.0], [-0.05, 0.4, 0.0, 1.0], [0.2, 0.2, -0.7, -0.1]]
steps = []
for g in grads:
    p.grad = torch.tensor(g)
    opt.step()
    steps.append([float(x) for x in p.detach()])
print(json.dumps({"initial": [0.5, -1.25, 2.0, 0.0], "gradients": grads, "after": steps}))
