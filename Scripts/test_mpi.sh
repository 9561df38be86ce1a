#!/usr/bin/env bash
# Data-parallel train-offline over OpenMPI: `mpirun -np 2 ... --distributed mpi` gives the weights and optimiser
# state of the single-process run with the same batch and shards (bit for bit: the ranks all-gather every
# shard's gradients and batch-norm statistics and sum them in shard order, as one process does); killing one
# rank fails the job with mpirun's message naming the rank, the last checkpoint stays loadable, and resuming it
# ends where the uninterrupted run ends. Called by Scripts/test.sh with the release binary.
#   Scripts/test_mpi.sh [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-.build/release/spikingmind}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mpi=(mpirun -np 2 --oversubscribe --bind-to none)
[ "$(id -u)" -eq 0 ] && mpi+=(--allow-run-as-root)
"$bin" collect-experts --env CartPole --quality medium --episodes 5 --seed 0 --out "$work/medium.npz" >/dev/null 2>&1
same() {  # run directories A B at step S: weights and optimiser identical
  for file in model.safetensors optimizer.safetensors trainer.json; do
    cmp "$1/step-$3/$file" "$2/step-$3/$file" || { echo "$1 and $2 differ in $file" >&2; exit 1; }
  done
}
for model in dsformer dt snndt; do
  args=(--env CartPole --data "$work/medium.npz" --model "$model" --hidden 32 --layers 1 --steps 6 --batch 8 --shards 3
    --eval-episodes 1 --seed 3)
  "$bin" train-offline "${args[@]}" --out "$work/single-$model" >/dev/null 2>&1
  "${mpi[@]}" "$bin" train-offline "${args[@]}" --distributed mpi --out "$work/mpi-$model" >/dev/null 2>"$work/mpi-$model.err" || {
    cat "$work/mpi-$model.err" >&2; exit 1; }
  same "$work/single-$model" "$work/mpi-$model" 00000006
done
echo "mpirun -np 2 train-offline --distributed mpi: weights identical to one process (dsformer/PTBN, dt, snndt)"

# Kill rank 1 mid-run.
long=(--env CartPole --data "$work/medium.npz" --hidden 32 --layers 1 --steps 150 --batch 8 --shards 2 --eval-every 0
  --eval-episodes 1 --seed 4 --checkpoint-every 5)
"$bin" train-offline "${long[@]}" --out "$work/whole" >/dev/null 2>&1
set +e
"${mpi[@]}" "$bin" train-offline "${long[@]}" --distributed mpi --out "$work/killed" >/dev/null 2>"$work/killed.err" &
job=$!
set -e
for _ in $(seq 1 200); do [ -e "$work/killed/latest" ] && break; sleep 0.1; done
victim=""
for pid in $(pgrep -f "train-offline.*$work/killed" || true); do
  if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx OMPI_COMM_WORLD_RANK=1; then victim=$pid; fi
done
[ -n "$victim" ] || { echo "rank 1 not found" >&2; exit 1; }
kill -9 "$victim"
status=0
wait "$job" || status=$?
[ "$status" -ne 0 ] || { echo "the job survived the death of rank 1" >&2; exit 1; }
grep -q "rank 1 .*exited on signal 9" "$work/killed.err" || { echo "no clear error:" >&2; cat "$work/killed.err" >&2; exit 1; }
"$bin" checkpoint info --checkpoint "$work/killed" >/dev/null
"${mpi[@]}" "$bin" train-offline --resume "$work/killed" --distributed mpi >/dev/null 2>"$work/resume.err" || {
  cat "$work/resume.err" >&2; exit 1; }
same "$work/whole" "$work/killed" 00000150
echo "killing rank 1 failed the job (mpirun: rank 1 exited on signal 9); the checkpoint loaded and resumed to the same weights"
