#!/usr/bin/env bash
# The README's second command: install every package list (runtime, mlp, test, and SLURM where
# no sbatch is on the PATH) and build everything (cluster/setup.sh), then run the whole test
# suite with ctest: unit tests, MPI tests under mpirun, end-to-end tests of the binary.
#   cluster/test.sh                  everything
#   cluster/test.sh -L unit          only one label (unit, mpi, e2e, slurm, bench)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FERMATA_PACKAGES="runtime mlp test slurm" "$root/cluster/setup.sh"
cd "${FERMATA_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j 2 "$@"
