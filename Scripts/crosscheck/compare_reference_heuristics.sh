#!/usr/bin/env bash
# Gymnasium's heuristics against ours (`rollout --policy reference`) on seeds 0..N-1: mean ± s.e. and the difference
# in standard errors. Needs a venv with gymnasium[box2d] (PYTHON=path/to/python).
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-50}
bin=${SPIKINGMIND:-.build/release/spikingmind}
python=${PYTHON:-python3}
[ -x "$bin" ] || swift build -c release --product spikingmind >/dev/null
tmp=$(mktemp -d)
"$python" Scripts/crosscheck/gymnasium_reference_heuristics.py "$n" >"$tmp/gym.json"
for env in LunarLander-v3 LunarLanderContinuous-v3 BipedalWalker-v3; do
  "$bin" rollout --env "$env" --policy reference --episodes "$n" --seed 0 --seed-each-episode --json >"$tmp/$env.json"
done
python3 - "$tmp" <<'PY'
import json, math, sys
d = sys.argv[1]
gym = json.load(open(f"{d}/gym.json"))
print("| environment | Gymnasium (pybox2d 2.3.10) | SpikingMindRL (libbox2d 2.4) | difference / s.e. |")
print("|---|---|---|---|")
for env, theirs in gym.items():
    ours = [e["total_reward"] for e in json.load(open(f"{d}/{env}.json"))["episodes"]]
    def stats(x):
        m = sum(x) / len(x)
        return m, math.sqrt(sum((v - m) ** 2 for v in x) / (len(x) - 1) / len(x))
    (a, sa), (b, sb) = stats(theirs), stats(ours)
    print(f"| {env} | {a:.1f} ± {sa:.1f} | {b:.1f} ± {sb:.1f} | {(b - a) / math.sqrt(sa**2 + sb**2):+.2f} |")
PY
rm -rf "$tmp"
