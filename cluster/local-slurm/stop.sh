#!/usr/bin/env bash
# Stops the daemons cluster/local-slurm/start.sh DIR started, by their pid files only
# (every node's slurmd, slurmctld, then munged), and waits until each has exited.
#   cluster/local-slurm/stop.sh DIR
set -uo pipefail
if [[ $# -ne 1 ]]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
dir=$1
status=0
shopt -s nullglob
for pid_file in "$dir"/run/slurmd-*.pid "$dir"/run/slurmd.pid "$dir/run/slurmctld.pid" \
  "$dir/run/munged.pid"; do
  [[ -f "$pid_file" ]] || continue
  daemon=$(basename "$pid_file" .pid)
  pid=$(<"$pid_file")
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    # slurmd and slurmctld save state on SIGTERM; give them 30 s before SIGKILL.
    for _ in $(seq 1 300); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "$0: $daemon ($pid) ignored SIGTERM; sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null
      status=1
    fi
  fi
  rm -f "$pid_file"
done
exit "$status"
