#!/usr/bin/env bash
# Installs the Debian packages SpikingMindRL builds against, only if they are missing.
# Used by demo.sh and test.sh; safe to run repeatedly.
set -euo pipefail

packages=(libopenblas-dev libbox2d-dev zlib1g-dev libhdf5-dev pkg-config libopenmpi-dev openmpi-bin slurm-wlm munge libmujoco-dev)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
# Gymnasium's MuJoCo model files (not a Debian package): extracted from its wheel when missing.
bash "$(dirname "$0")/install-mujoco-assets.sh"
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
echo "installing system packages: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); else
    echo "error: need root (or sudo) to install ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
