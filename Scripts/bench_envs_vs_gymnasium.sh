#!/usr/bin/env bash
# Measures environment throughput against Gymnasium 1.4.0 (and EnvPool for the Box2D and MuJoCo tasks) in the same
# run and prints the ratios.
#
#   Scripts/bench_envs_vs_gymnasium.sh [seconds-per-rep]
#
# Peers: ../shared/peers/bench_gym_envs.py (raw mode: unwrapped env, pre-sampled actions) and
# bench_gym_vector.py (numpy CartPoleVectorEnv, pre-sampled actions). Python is only the peer here:
# a virtual environment outside git (PEERS_PYTHON, default .venv-peers/, ignored) gets gymnasium.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-1}
peers=${PEERS_DIR:-../shared/peers}
python=${PEERS_PYTHON:-.venv-peers/bin/python}
if [ ! -x "$python" ]; then
  python3 -m venv .venv-peers
  .venv-peers/bin/pip install -q gymnasium==1.4.0 numpy box2d==2.3.10 pygame envpool
  python=.venv-peers/bin/python
fi
# Gymnasium's MuJoCo environments (mujoco pinned at 3.3.5: later releases changed the RK4 warm start and margins).
"$python" -c "import gymnasium, mujoco, envpool, imageio" 2>/dev/null \
  || "$python" -m pip install -q gymnasium==1.4.0 mujoco==3.3.5 envpool imageio packaging
bash Scripts/install-system-packages.sh
swift build -c release --product spikingmind >/dev/null
out=bench-results
mkdir -p "$out"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
file="$out/envs-$stamp.jsonl"
envs="CartPole-v1 MountainCar-v0 MountainCarContinuous-v0 Acrobot-v1 Pendulum-v1 LunarLander-v3 BipedalWalker-v3 Hopper-v4 Walker2d-v4 HalfCheetah-v4"

"$python" "$peers/bench_gym_envs.py" --envs $envs --modes raw --reps 3 --seconds "$seconds" 2>/dev/null >>"$file"
.build/release/spikingmind bench envs --json --reps 3 --seconds "$seconds" --copies 64 --threads 1,2 \
  --envs "$(echo $envs | tr ' ' ',')" >>"$file"
"$python" "$peers/bench_envpool.py" --envs LunarLander-v3 BipedalWalker-v3 Hopper-v4 Walker2d-v4 HalfCheetah-v4 --nums 64 --modes pregen --reps 3 --seconds "$seconds" \
  2>/dev/null >>"$file" || echo "EnvPool unavailable: no EnvPool figures" >&2
"$python" "$peers/bench_gym_vector.py" --nums 64 --variants numpy --reps 3 --seconds "$seconds" 2>/dev/null >>"$file" \
  || "$python" "$peers/bench_gym_vector.py" --nums 64 --reps 3 --seconds "$seconds" 2>/dev/null >>"$file"

python3 - "$file" <<'PY'
import json, sys
gym, gym_vec, ours, envpool = {}, None, [], {}
for line in open(sys.argv[1]):
    try:
        r = json.loads(line)
    except ValueError:
        continue
    if r.get("lib") == "gymnasium" and r.get("kind") == "env_steps_per_s":
        if r.get("num_envs") == 1 and r.get("mode") == "raw":
            gym[r["env"]] = r["steps_per_s_median"]
        elif r.get("vector") == "numpy" and r.get("mode") == "pregen" and r.get("num_envs") == 64:
            gym_vec = r["total_steps_per_s_median"]
    elif r.get("lib") == "envpool" and r.get("num_envs") == 64 and r.get("mode") == "pregen":
        envpool[r["env"]] = r["total_steps_per_s_median"]
    elif "steps_per_second" in r:
        ours.append(r)
print(f"{'env':26} {'mode':7} {'copies':>6} {'threads':>7} {'ours steps/s':>14} {'peer steps/s':>14} {'ratio':>8}  peer")
for r in ours:
    if r["mode"] == "vector":
        if r["env"] == "CartPole-v1":
            peer, name = gym_vec, "numpy CartPoleVectorEnv x64"
        else:
            peer, name = envpool.get(r["env"]), "EnvPool x64 (2 threads)" if r["env"] in envpool else "-"
    else:
        peer, name = gym.get(r["env"]), "Gymnasium unwrapped (raw)"
    ratio = f"{r['steps_per_second'] / peer:8.1f}" if peer else "       -"
    peer_text = f"{peer:14.0f}" if peer else "             -"
    print(f"{r['env']:26} {r['mode']:7} {r['copies']:6d} {r['threads']:7d} {r['steps_per_second']:14.0f} {peer_text} {ratio}  {name}")
print(f"raw results: {sys.argv[1]}")
PY
