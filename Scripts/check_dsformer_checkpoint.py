"""Loads a Decision SpikeFormer checkpoint written by `spikingmind train-offline --model dsformer` into the PyTorch
reference (../shared/peers/dsformer_ref.py, the released model's module names) with load_state_dict(strict=True),
and compares its actions with ours on random contexts (run by hand; torch and safetensors).

    python3 Scripts/check_dsformer_checkpoint.py CHECKPOINT_DIR [--peers ../shared/peers] [--bin .build/release/spikingmind]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import torch
from safetensors import safe_open
from safetensors.torch import load_file

ap = argparse.ArgumentParser()
ap.add_argument("checkpoint")
ap.add_argument("--peers", default="../shared/peers")
ap.add_argument("--bin", default=".build/release/spikingmind")
ap.add_argument("--contexts", type=int, default=12)
args = ap.parse_args()
sys.path.insert(0, args.peers)
import dsformer_ref as ref  # noqa: E402

directory = args.checkpoint
if not os.path.exists(os.path.join(directory, "model.safetensors")):
    directory = os.path.join(directory, open(os.path.join(directory, "latest")).read().strip())
path = os.path.join(directory, "model.safetensors")
with safe_open(path, "pt") as f:
    meta = json.loads(f.metadata()["spikingmind"])
assert meta["model"]["kind"] == "dsformer", "not a Decision SpikeFormer checkpoint"
config = meta["model"]["configuration"]
attn = {"sssa": 1, "tssa": 2, "pssa": 3}[config["attention"]]
norm = {"ln": 1, "bn": 2, "ptbn": 3}[config["normalization"]]
model = ref.DecisionSpikeFormer(config["stateDimension"], config["actionDimension"], hidden_size=config["hiddenSize"],
                                n_layer=config["layers"], n_head=config["heads"], max_length=config["contextLength"],
                                T=config["timeSteps"], attn_type=attn, norm_type=norm, window_size=config["window"],
                                discrete=config["discrete"])
state = load_file(path)
missing, unexpected = model.load_state_dict(state, strict=True)
print(f"load_state_dict(strict=True): {len(state)} tensors, missing {list(missing)}, unexpected {list(unexpected)}")
model.eval()

K, sd, ad = config["contextLength"], config["stateDimension"], config["actionDimension"]
g = torch.Generator().manual_seed(0)
contexts = []
for i in range(args.contexts):
    n = 1 + i * 3 % (K + 4)
    states = torch.randn(n, sd, generator=g)
    if config["discrete"]:
        actions = torch.nn.functional.one_hot(torch.randint(0, ad, (n,), generator=g), ad).float()
    else:
        actions = torch.rand(n, ad, generator=g) * 2 - 1
    actions[-1] = 0  # the placeholder of the step being predicted
    rtg = torch.rand(n, generator=g) * 5
    contexts.append({"states": states.tolist(), "actions": actions.tolist(), "returns_to_go": rtg.tolist(),
                     "timesteps": list(range(n))})
with tempfile.TemporaryDirectory() as work:
    given, produced = os.path.join(work, "in.json"), os.path.join(work, "out.json")
    json.dump(contexts, open(given, "w"))
    subprocess.run([args.bin, "checkpoint", "act", "--checkpoint", directory, "--in", given, "--out", produced], check=True)
    ours = json.load(open(produced))

worst_tape = worst_runner = 0.0
agree = 0
with torch.no_grad():
    for c, o in zip(contexts, ours):
        s, a, r = (torch.tensor(c["states"]), torch.tensor(c["actions"]), torch.tensor(c["returns_to_go"]))
        s, a, r = s[-K:], a[-K:], r[-K:]
        n = s.shape[0]
        pad = K - n
        states = torch.cat([torch.zeros(pad, sd), s]).unsqueeze(0)
        actions = torch.cat([torch.zeros(pad, ad), a]).unsqueeze(0)
        rtg = torch.cat([torch.zeros(pad), r]).view(1, K, 1)
        mask = torch.cat([torch.zeros(pad), torch.ones(n)]).view(1, K).long()
        theirs = model(states, actions, rtg, None, mask)[1][0, -1]
        worst_tape = max(worst_tape, float((theirs - torch.tensor(o["tape"])).abs().max()))
        worst_runner = max(worst_runner, float((theirs - torch.tensor(o["runner"])).abs().max()))
        agree += int(theirs.argmax()) == int(torch.tensor(o["runner"]).argmax())
print(f"{len(contexts)} contexts: max |torch - ours| tape path {worst_tape:.3g}, runner {worst_runner:.3g}; "
      f"argmax agreement {agree}/{len(contexts)}")
ok = worst_tape < 1e-4 and worst_runner < 1e-4
print("PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
