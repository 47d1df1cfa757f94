#!/bin/bash
# Runs one job of jobs/ to completion with a budget of 3 trials under `mpirun -n 4`, from the
# project root (the jobs' data paths are relative to it), and checks that 3 trials finished.
# Exits 77 (ctest: skipped) when the job's data file is not on this machine.
#   run_shipped_job.sh SOURCE_DIR FERMATA MPIRUN JOB OUT_DIR
set -euo pipefail
source_dir=$1 fermata=$2 mpirun=$3 job=$4 out_dir=$5
cd "$source_dir"
# The `path` of the top-level `data:` block (other blocks have a `path` too).
data=$(awk '/^[^ #]/ { in_data = ($1 == "data:") } in_data && $1 == "path:" { print $2; exit }' "$job")
if [[ -n "$data" && ! -e "$data" ]]; then
  echo "skipped: $job reads $data, which is not on this machine"
  exit 77
fi
# The jobs' `python3` is Debian's, where the packages of cluster/packages install their modules
# (scikit-learn for jobs/sklearn-credit_g.yaml), whatever Python comes first on the PATH here.
export PATH="/usr/bin:$PATH"
mkdir -p "$out_dir"
checkpoint="$out_dir/$(basename "$job" .yaml).h5"
rm -f "$checkpoint"
"$mpirun" -n 4 "$fermata" run "$job" --max-trials 3 --checkpoint "$checkpoint"
report=$("$fermata" report "$checkpoint")
echo "$report"
# "trials     C complete, F failed, 0 unfinished": every trial of the budget finished.
if ! grep -Eq "^trials +[0-9]+ complete, [0-9]+ failed, 0 unfinished" <<<"$report"; then
  echo "FAILED: trials left unfinished" >&2
  exit 1
fi
complete=$(sed -nE 's/^trials +([0-9]+) complete.*/\1/p' <<<"$report")
if (( complete < 1 )); then
  echo "FAILED: no trial completed" >&2
  exit 1
fi
