#!/usr/bin/env bash
# Spiking Decision Transformers against PyTorch (Decision SpikeFormer, ../shared/peers/dsformer_ref.py) and
# PyTorch + Norse (the SpikingMindRL-style spiking DT, ../shared/peers/bench_sdt.py), measured in the same run,
# plus our ANN DT's action latency at the same widths.
#   Scripts/bench_sdt_vs_pytorch.sh              # D 128 and 256, PSSA and TSSA, PTBN and LN, 1 and 2 threads
#   QUICK=1 Scripts/bench_sdt_vs_pytorch.sh      # D 128, PSSA, PTBN only
#   HIDDEN="128 256" ATTN="pssa tssa" NORMS=ptbn Scripts/bench_sdt_vs_pytorch.sh   # any subset of the cells
# Peers run in a virtual environment outside git (PEERS_PYTHON, default .venv-peers/) with torch and norse.
# Train step: batch 64, K 20; latency: batch 1, full K-step context; both on the stated threads
# (ours: data-parallel shards on our own threads; the runners on one thread — RUNNER_THREADS=2 splits each
# product's output columns over two, which on this 2-vCPU host is bimodal: SNN-DT T 4 0.45 or 0.88 ms from run
# to run, against a steady 0.55 on one thread). PSSA starts from positional matrices moved off all ones (`--moved-positions`):
# at initialisation its attention's gradient vanishes and is skipped, which steady training does not see.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=Scripts/bench_setup.sh
source Scripts/bench_setup.sh
file="bench-results/sdt-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
if [ -n "${QUICK:-}" ]; then hidden="128"; attn="pssa"; norms="ptbn"; else hidden="128 256"; attn="pssa tssa"; norms="ptbn ln"; fi
hidden="${HIDDEN:-$hidden}"; attn="${ATTN:-$attn}"; norms="${NORMS:-$norms}"
for threads in 1 2; do
  $bin bench sdt --json --model dsformer --dims hopper --hidden "${hidden// /,}" --attention "${attn// /,}" \
    --norm "${norms// /,}" --threads $threads --runner-threads "${RUNNER_THREADS:-1}" --train-steps 8 --calls 500 --moved-positions | sed 's/^{/{"lib":"spikingmind",/' >>"$file"
  $bin bench sdt --json --model snndt --dims hopper --hidden 128 --time-steps 4,8 --threads $threads --runner-threads "${RUNNER_THREADS:-1}" \
    --train-steps 4 --calls 300 | sed 's/^{/{"lib":"spikingmind",/' >>"$file"
done
for d in $hidden; do
  OPENBLAS_NUM_THREADS=1 $bin bench dt --json --dims hopper --hidden $d --threads 1 --train-steps 3 --calls 1000 \
    | sed 's/^{/{"lib":"spikingmind-dt",/' >>"$file"
done
# shellcheck disable=SC2086
"$python" "$peers/bench_dsformer.py" --dims hopper --hidden $hidden --attn $attn --norm $norms --threads 1 2 \
  --reps 3 2>/dev/null >>"$file"
"$python" "$peers/bench_sdt.py" --dims hopper --T 4 8 --threads 1 2 --reps 3 2>/dev/null >>"$file"
python3 Scripts/summarize_sdt_bench.py "$file"
