#!/usr/bin/env bash
# Extracts Gymnasium 1.4.0's MuJoCo model files (MIT; hopper.xml, half_cheetah.xml, walker2d.xml,
# walker2d_v5.xml) and its license from the Gymnasium wheel on PyPI into the folder the MuJoCo environments
# search (MuJoCoAssets: $SPIKINGMIND_MUJOCO_ASSETS, default ~/.cache/spikingmind/gymnasium-1.4.0/mujoco), so the
# compiled models are Gymnasium's. Only if missing; written atomically (a temporary sibling, then rename).
# Needs python3 with pip (the wheel is read with zipfile; nothing is installed into Python).
set -euo pipefail
version=1.4.0
dir=${SPIKINGMIND_MUJOCO_ASSETS:-$HOME/.cache/spikingmind/gymnasium-$version/mujoco}
files=(hopper.xml half_cheetah.xml walker2d.xml walker2d_v5.xml)
present=1
for f in "${files[@]}"; do [ -f "$dir/$f" ] || present=0; done
[ "$present" = 1 ] && exit 0
echo "extracting Gymnasium $version's MuJoCo model files into $dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps --only-binary=:all: "gymnasium==$version" -d "$work" >/dev/null
mkdir -p "$(dirname "$dir")"
python3 - "$work/gymnasium-$version-py3-none-any.whl" "$dir" "${files[@]}" <<'PY'
import os, shutil, sys, tempfile, zipfile
wheel, target, names = sys.argv[1], sys.argv[2], sys.argv[3:]
staging = tempfile.mkdtemp(dir=os.path.dirname(target), prefix=".mujoco-assets-")
os.chmod(staging, 0o755)
with zipfile.ZipFile(wheel) as z:
    for name in names:
        with z.open(f"gymnasium/envs/mujoco/assets/{name}") as src, open(os.path.join(staging, name), "wb") as dst:
            shutil.copyfileobj(src, dst)
    licenses = [n for n in z.namelist() if n.startswith(f"gymnasium-") and ".dist-info/" in n and "LICENSE" in n.upper()]
    for n in licenses:
        with z.open(n) as src, open(os.path.join(staging, "GYMNASIUM-" + os.path.basename(n)), "wb") as dst:
            shutil.copyfileobj(src, dst)
if os.path.isdir(target):
    shutil.rmtree(target)
os.rename(staging, target)
PY
