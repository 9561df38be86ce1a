# Sourced by the Scripts/bench_*_vs_*.sh peer benchmarks: the peers' virtual environment (PEERS_PYTHON, default
# .venv-peers/, created with torch, numpy, norse and snntorch when missing; outside git), the peer scripts'
# folder (PEERS_DIR, default ../shared/peers), system packages, the release build and bench-results/.
# Sets: python, peers, bin.
python=${PEERS_PYTHON:-.venv-peers/bin/python}
peers=${PEERS_DIR:-../shared/peers}
if [ ! -x "$python" ]; then
  python3 -m venv .venv-peers
  .venv-peers/bin/pip install -q torch numpy norse snntorch
  python=.venv-peers/bin/python
fi
bash Scripts/install-system-packages.sh
swift build -c release --product spikingmind >/dev/null
bin=.build/release/spikingmind
mkdir -p bench-results
