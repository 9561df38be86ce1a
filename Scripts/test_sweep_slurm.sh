#!/usr/bin/env bash
# The sweep on a real Slurm: starts a one-node cluster (Scripts/slurm-local.sh), runs a 2×2 grid × 2 seeds
# (2 training steps each) as one job array and again with --launcher local, and checks 8 finished runs and
# identical tables (CSV, JSON, markdown). Called by Scripts/test.sh with the release binary.
#   Scripts/test_sweep_slurm.sh [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-.build/release/spikingmind}")
work=$(mktemp -d)
slurm_env=$(bash Scripts/slurm-local.sh start)
eval "$slurm_env"
cleanup() { bash Scripts/slurm-local.sh stop || true; rm -rf "$work"; }
trap cleanup EXIT
"$bin" collect-experts --env CartPole --quality medium --episodes 5 --seed 0 --out "$work/medium.npz" >/dev/null 2>&1
sweep=(--grid time-steps=1,2 attention=pssa,tssa --seeds 2 --envs CartPole --data "$work/medium.npz" --steps 2 --episodes 1)
"$bin" sweep "${sweep[@]}" --launcher slurm --wait --out "$work/slurm" >/dev/null 2>"$work/slurm.err" || {
  cat "$work/slurm.err" >&2; tail -n 20 "$work/slurm/logs/"*.log >&2 || true; exit 1; }
"$bin" sweep "${sweep[@]}" --launcher local --jobs 2 --out "$work/local" >/dev/null 2>"$work/local.err" || {
  cat "$work/local.err" >&2; exit 1; }
"$bin" sweep status "$work/slurm" | grep -q "8 runs: 8 done, 0 failed" || { "$bin" sweep status "$work/slurm"; exit 1; }
"$bin" sweep collect "$work/slurm" >/dev/null
"$bin" sweep collect "$work/local" >/dev/null
rows=$(($(wc -l <"$work/slurm/results.csv") - 1))
[ "$rows" -eq 4 ] || { echo "expected 4 table rows (8 runs), found $rows" >&2; exit 1; }
for table in results.csv results.json results.md; do
  cmp "$work/slurm/$table" "$work/local/$table" || { echo "Slurm and local $table differ" >&2; exit 1; }
done
echo "sweep on Slurm: 8 runs as one job array, table identical to --launcher local"
