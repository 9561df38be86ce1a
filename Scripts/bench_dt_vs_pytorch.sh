#!/usr/bin/env bash
# Decision Transformer training step and action latency against PyTorch, measured in the same run.
#   Scripts/bench_dt_vs_pytorch.sh            # OpenBLAS kernel as the environment sets it
#   BLAS_AUTO=1 Scripts/bench_dt_vs_pytorch.sh  # unset OPENBLAS_CORETYPE/L2_SIZE for our runs only
# Peer: ../shared/peers/bench_dt.py (kzl DT, --act relu) in a virtual environment outside git
# (PEERS_PYTHON, default .venv-peers/) with torch.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PEERS_PYTHON:-.venv-peers/bin/python}
peers=${PEERS_DIR:-../shared/peers}
if [ ! -x "$python" ]; then
  python3 -m venv .venv-peers
  .venv-peers/bin/pip install -q torch numpy
  python=.venv-peers/bin/python
fi
bash Scripts/install-system-packages.sh
swift build -c release --product spikingmind >/dev/null
mkdir -p bench-results
file="bench-results/dt-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
blas_env=()
[ -n "${BLAS_AUTO:-}" ] && blas_env=(-u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
for threads in 2 1; do
  env "${blas_env[@]}" OPENBLAS_NUM_THREADS=$threads .build/release/spikingmind bench dt --json --threads $threads \
    --train-steps 10 --calls 1000 | sed 's/^{/{"lib":"spikingmind",/' >>"$file"
done
"$python" "$peers/bench_dt.py" --threads 2 1 --act relu --reps 3 2>/dev/null >>"$file"
python3 - "$file" <<'PY'
import json, sys
ours, torch = {}, {}
for line in open(sys.argv[1]):
    try:
        r = json.loads(line)
    except ValueError:
        continue
    if r.get("lib") == "spikingmind":
        ours[(r["dims"], r["threads"])] = r
    elif r.get("kind") == "train_step":
        torch.setdefault((r["dims"], r["threads"]), {})["train"] = r["train_step_ms_median"]
    elif r.get("kind") == "inference_latency":
        torch.setdefault((r["dims"], r["threads"]), {}).setdefault("latency", r["median_us"] / 1000)
print(f"{'dims':9} {'threads':>7} {'ours train ms':>14} {'torch ms':>9} {'ratio':>6} {'ours act ms':>12} {'torch ms':>9} {'ratio':>6}  blas")
for key in sorted(ours):
    o, t = ours[key], torch.get(key, {})
    tr = o["train_step_milliseconds"] / t["train"] if "train" in t else float("nan")
    la = o["action_median_milliseconds"] / t["latency"] if "latency" in t else float("nan")
    print(f"{key[0]:9} {key[1]:7d} {o['train_step_milliseconds']:14.1f} {t.get('train', float('nan')):9.1f} {tr:6.2f} "
          f"{o['action_median_milliseconds']:12.3f} {t.get('latency', float('nan')):9.3f} {la:6.2f}  {o['blas_core']}")
print("raw results:", sys.argv[1])
PY
