#!/usr/bin/env bash
# mpirun with the flags a workstation or CI box needs: more ranks than cores
# (--oversubscribe) and, when running as root, Open MPI's explicit consent to that.
#   cluster/mpirun.sh -n 4 build/fermata run jobs/quickstart.yaml
set -euo pipefail
extra=(--oversubscribe)
if [[ "$(id -u)" -eq 0 ]]; then
  extra+=(--allow-run-as-root)
fi
exec mpirun "${extra[@]}" "$@"
