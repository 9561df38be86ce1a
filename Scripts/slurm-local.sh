#!/usr/bin/env bash
# A one-node Slurm cluster on loopback for the sweep tests: munged, slurmctld and slurmd with a configuration
# generated into a temporary folder (no cgroups: proctrack/linuxproc, task/none). Installs what is missing
# (Debian's slurm-wlm and munge) through Scripts/install-system-packages.sh.
#   eval "$(Scripts/slurm-local.sh start)"   # prints `export SLURM_CONF=...; export SMR_SLURM_DIR=...`
#   Scripts/slurm-local.sh stop              # with SMR_SLURM_DIR set: stops the daemons, removes the folder
set -euo pipefail
cd "$(dirname "$0")/.."

start() {
  bash Scripts/install-system-packages.sh >&2
  local dir node cpus memory
  dir=$(mktemp -d /tmp/smr-slurm.XXXXXX)
  node=$(hostname -s)
  cpus=$(nproc)
  memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
  chmod 755 "$dir"
  mkdir -p "$dir/state" "$dir/spool" "$dir/log" "$dir/munge"
  chmod 700 "$dir/munge"
  chown munge:munge "$dir/munge" 2>/dev/null || true
  # munged: its own socket in the folder (the default /run/munge may not exist in a container).
  local socket="$dir/munge/munge.socket"
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u munge -- /usr/sbin/munged --socket="$socket" --pid-file="$dir/munge/munged.pid" \
      --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed" --force
  else
    /usr/sbin/munged --socket="$socket" --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" \
      --seed-file="$dir/munge/munged.seed" --force
  fi
  cat >"$dir/slurm.conf" <<CONF
ClusterName=smr-local
SlurmctldHost=$node(127.0.0.1)
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
SlurmUser=$(id -un)
SlurmdUser=root
SlurmctldPort=$((16817 + RANDOM % 1000))
SlurmdPort=$((17818 + RANDOM % 1000))
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
KillWait=5
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=local Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$dir/slurm.conf"
  /usr/sbin/slurmctld -f "$SLURM_CONF"
  /usr/sbin/slurmd -f "$SLURM_CONF" -N "$node"
  # Wait until the node takes jobs.
  for _ in $(seq 1 60); do
    if sinfo -h -o '%t' 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
      echo "export SLURM_CONF=$SLURM_CONF; export SMR_SLURM_DIR=$dir"
      return 0
    fi
    sleep 0.5
  done
  echo "error: the one-node Slurm did not come up; logs in $dir/log" >&2
  tail -n 20 "$dir/log/"*.log >&2 || true
  stop_dir "$dir"
  return 1
}

stop_dir() {
  local dir=$1
  for pid_file in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
    if [ -f "$pid_file" ]; then kill "$(cat "$pid_file")" 2>/dev/null || true; fi
  done
  sleep 1
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop)
    [ -n "${SMR_SLURM_DIR:-}" ] || { echo "error: SMR_SLURM_DIR is not set (eval the output of start)" >&2; exit 1; }
    stop_dir "$SMR_SLURM_DIR" ;;
  *) echo "usage: Scripts/slurm-local.sh start|stop" >&2; exit 2 ;;
esac
