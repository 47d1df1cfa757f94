#!/usr/bin/env bash
# Stops the daemons cluster/local-slurm/start.sh DIR started, by their pid files only
# (slurmd, slurmctld, then munged), and waits until each has exited.
#   cluster/local-slurm/stop.sh DIR
set -uo pipefail
if [[ $# -ne 1 ]]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
dir=$1
status=0
for daemon in slurmd slurmctld munged; do
  pid_file="$dir/run/$daemon.pid"
  [[ -f "$pid_file" ]] || continue
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
