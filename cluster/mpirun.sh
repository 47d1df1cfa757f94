#!/usr/bin/env bash
# mpirun with the flags a workstation or CI box needs: more ranks than cores
# (--oversubscribe) and, when running as root, Open MPI's explicit consent to that.
#   cluster/mpirun.sh -n 4 build/fermata run jobs/quickstart.yaml
#
# Stop signals (TERM, INT, USR1, USR2) sent to this script reach fermata's coordinator as
# SIGUSR2: Open MPI's mpirun passes USR1/USR2 on to every rank, whereas on TERM or INT it
# kills the ranks itself and exits 1. So `kill -TERM` of this script, like a SLURM time
# limit, ends in a checkpoint and exit 75. mpirun runs in its own session, so Ctrl-C in a
# terminal reaches it only through this forwarding.
set -uo pipefail
extra=(--oversubscribe)
if [[ "$(id -u)" -eq 0 ]]; then
  extra+=(--allow-run-as-root)
fi
setsid mpirun "${extra[@]}" "$@" &
mpirun_pid=$!
forward() { kill -USR2 "$mpirun_pid" 2>/dev/null; }
trap forward TERM INT USR1 USR2
# `wait` returns early when a trapped signal arrives; wait again until mpirun has exited.
while true; do
  wait "$mpirun_pid"
  status=$?
  if ! kill -0 "$mpirun_pid" 2>/dev/null; then
    exit "$status"
  fi
done
