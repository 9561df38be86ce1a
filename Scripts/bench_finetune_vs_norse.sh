#!/usr/bin/env bash
# The fine-tuning loop's throughput against the Norse SNN-DT's action rate, measured in the same run.
# Ours: `finetune-online` on CartPole-v1 with a DSFormer policy (PSSA, PTBN, D 128, 3 layers, K 20, T 4; a
# checkpoint trained for a few steps: throughput does not depend on the weights beyond the episodes' lengths),
# environment steps per second of the whole loop (vector-env collection with the exact acting context, then
# the REINFORCE update's forward and backward on shards), evaluations excluded; 1 and 2 threads.
# Peer: ../shared/peers/bench_sdt.py (PyTorch + Norse, H 128, 3 layers, K 20, T 4, cartpole dims), batch-1
# forward latency; its action rate is 1 / latency (the seed's loop also runs a backward: it is slower).
#   Scripts/bench_finetune_vs_norse.sh        # PEERS_PYTHON, PEERS_DIR: Scripts/bench_setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=Scripts/bench_setup.sh
source Scripts/bench_setup.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
file="bench-results/finetune-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
$bin collect-experts --env CartPole --quality medium --episodes 20 --seed 0 --out "$work/medium.npz" 2>/dev/null
$bin train-offline --env CartPole --data "$work/medium.npz" --hidden 128 --layers 3 --time-steps 4 --steps 20 \
  --eval-episodes 1 --out "$work/policy" >/dev/null 2>&1
for threads in 1 2; do
  $bin finetune-online --checkpoint "$work/policy" --env-steps "${ENV_STEPS:-20000}" --episodes-per-update 8 \
    --eval-episodes 1 --threads $threads --out "$work/online-$threads" --json 2>/dev/null \
    | sed "s/^{/{\"lib\":\"spikingmind\",\"threads\":$threads,/" >>"$file"
done
"$python" "$peers/bench_sdt.py" --dims cartpole --T 4 --threads 1 2 --reps 3 --skip-train 2>/dev/null >>"$file"
python3 - "$file" <<'PY'
import json, sys
ours, norse = {}, {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r.get("lib") == "spikingmind":
        ours[r["threads"]] = r["loop_steps_per_second"]
    elif r.get("script") == "bench_sdt" and r.get("kind") == "inference_latency" and r.get("call") == "forward":
        norse[r["threads"]] = 1e6 / r["median_us"]
print("fine-tuning loop (CartPole-v1, DSFormer PSSA/PTBN D128 L3 T4) vs Norse SNN-DT action rate (H128 L3 T4)")
print(f"{'threads':>7} {'ours env steps/s':>17} {'Norse actions/s':>16} {'ratio':>7}")
for t in sorted(ours):
    n = norse.get(t, float("nan"))
    print(f"{t:>7} {ours[t]:>17.0f} {n:>16.1f} {ours[t] / n:>6.1f}x")
print(f"raw: {sys.argv[1]}")
PY
