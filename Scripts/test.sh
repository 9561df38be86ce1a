#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (debug unit tests, then release conformance).
set -euo pipefail
cd "$(dirname "$0")/.."

bash Scripts/install-system-packages.sh

echo "== swift build (debug) and swift test =="
swift build --build-tests
log=.build/test-output.txt
if ! swift test > "$log" 2>&1; then
  grep -vE '^(◇|↳) ' "$log" | tail -n 60
  echo "swift test failed"
  exit 1
fi
grep -vE '^(◇|↳|✔ Test [a-zA-Z])' "$log" | tail -n 15
unit=$(grep -oE 'Test run with [0-9]+ tests' "$log" | grep -oE '[0-9]+' | tail -n 1)

echo "== release build: Gymnasium reference traces replayed bit for bit =="
swift build -c release --product spikingmind
bin=.build/release/spikingmind
traces=Tests/ConformanceTests/Fixtures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
compared=0
for env in CartPole-v1 MountainCar-v0 MountainCarContinuous-v0 Acrobot-v1 Pendulum-v1; do
  "$bin" conformance replay --in "$traces/$env.jsonl" --out "$work/$env.jsonl" >/dev/null
  "$bin" conformance compare --reference "$traces/$env.jsonl" --candidate "$work/$env.jsonl" --compare-state | tail -n 1
  compared=$((compared + 1))
  "$bin" conformance replay --seeded --in "$traces/$env.jsonl" --out "$work/$env.seeded.jsonl" >/dev/null
  "$bin" conformance compare --reference "$traces/$env.jsonl" --candidate "$work/$env.seeded.jsonl" | tail -n 1
  compared=$((compared + 1))
done
"$bin" conformance resets --in "$traces/resets.jsonl" --out "$work/resets.jsonl" >/dev/null
"$bin" conformance compare --reference "$traces/resets.jsonl" --candidate "$work/resets.jsonl" | tail -n 1
compared=$((compared + 1))
echo "== sweep: a job array on a one-node Slurm, the same table as local processes =="
bash Scripts/test_sweep_slurm.sh "$bin"
compared=$((compared + 1))
echo "== train-offline over MPI: two ranks, the weights of one process; a killed rank =="
bash Scripts/test_mpi.sh "$bin"
compared=$((compared + 2))
echo "tests: $((unit + compared)) passed, 0 failed"
