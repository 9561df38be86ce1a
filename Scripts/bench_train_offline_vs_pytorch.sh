#!/usr/bin/env bash
# `train-offline` throughput on CartPole-v1 (DSFormer PSSA + PTBN, D 128, 3 layers, K 20, T 4, batch 64) against
# the PyTorch DSFormer's train step (../shared/peers/bench_dsformer.py, cartpole dims, the same model), measured in
# the same run, on 1 and 2 threads. Ours: the median seconds per step of the metrics lines (every 10 steps) after
# the first interval, the whole step (batch sampling, forward, backward, clipping, AdamW). Theirs: the median step.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=Scripts/bench_setup.sh
source Scripts/bench_setup.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
file="bench-results/train-offline-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
$bin collect-experts --env CartPole --episodes 20 --seed 0 --out "$work/expert.npz" >/dev/null 2>&1
for threads in 1 2; do
  $bin train-offline --env CartPole --data "$work/expert.npz" --hidden 128 --layers 3 --time-steps 4 --steps 60 \
    --log-every 10 --eval-episodes 1 --threads $threads --out "$work/run-$threads" >/dev/null 2>&1
  python3 - "$work/run-$threads/metrics.jsonl" $threads >>"$file" <<'PY'
import json, statistics, sys
lines = [json.loads(x) for x in open(sys.argv[1]) if x.strip()]
s = [x["seconds_per_step"] for x in lines if x.get("kind") == "train" and x["step"] > 10]
print(json.dumps({"lib": "spikingmind", "threads": int(sys.argv[2]), "train_step_ms_median": 1e3 * statistics.median(s)}))
PY
done
"$python" "$peers/bench_dsformer.py" --dims cartpole --hidden 128 --attn pssa --norm ptbn --threads 1 2 --reps 3 \
  2>/dev/null >>"$file"
python3 - "$file" <<'PY'
import json, sys
ours, torch = {}, {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r.get("lib") == "spikingmind":
        ours[r["threads"]] = r["train_step_ms_median"]
    elif r.get("script") == "bench_dsformer" and r.get("kind") == "train_step":
        torch[r["threads"]] = r["train_step_ms_median"]
print("train-offline step, CartPole-v1, DSFormer PSSA/PTBN D128 L3 K20 T4, batch 64 (ms; lower is better)")
print(f"{'threads':>7} {'ours':>8} {'PyTorch':>8} {'ratio':>6} {'ours steps/s':>13}")
for t in sorted(ours):
    p = torch.get(t, float("nan"))
    print(f"{t:>7} {ours[t]:>8.1f} {p:>8.1f} {ours[t] / p:>6.2f} {1e3 / ours[t]:>13.1f}")
print(f"raw: {sys.argv[1]}")
PY
