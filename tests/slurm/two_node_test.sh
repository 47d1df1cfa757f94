#!/usr/bin/env bash
# A fermata study spans two SLURM nodes: on a private two-node cluster emulated on this
# machine (cluster/local-slurm with LOCAL_SLURM_NODES=2), cluster/slurm/fermata.sbatch runs
# one study with `srun --mpi=pmix` and one with Open MPI's mpirun inside the allocation,
# each with workers on both nodes (the coordinator logs the nodes its workers report). The
# mpirun study also gets the time-limit warning mid-run: it checkpoints, requeues, resumes
# on both nodes and completes, with no finished fold evaluated again. A third study runs as
# a heterogeneous job: the coordinator in a component of its own with more CPUs.
#
#   two_node_test.sh ROOT FERMATA WORK_DIR
#
# Needs root (slurmd starts jobs as their user); exits 77 (skipped) otherwise or when the
# SLURM or munge daemons are not installed.
set -euo pipefail
if [[ $# -ne 3 ]]; then
  echo "usage: $0 ROOT FERMATA WORK_DIR" >&2
  exit 2
fi
root=$(cd "$1" && pwd)
fermata=$(realpath "$2")
if [[ "$(id -u)" -ne 0 ]]; then
  echo "skipped: the local SLURM cluster needs root"
  exit 77
fi
for tool in slurmctld slurmd munged sbatch scontrol scancel srun mpirun python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "skipped: $tool is not installed"
    exit 77
  fi
done

mkdir -p "$3"
work=$(cd "$3" && pwd)
rm -rf "${work:?}"/*
cluster=$(mktemp -d /tmp/fermata-slurm2-test.XXXXXX)
stop_cluster() {
  "$root/cluster/local-slurm/stop.sh" "$cluster" || true
  rm -rf "$cluster"
}
trap stop_cluster EXIT
fail() {
  echo "FAILED: $*" >&2
  for out in "$work"/*.out "$cluster"/log/slurmctld.log "$cluster"/log/slurmd-n2.log; do
    [[ -f "$out" ]] && { echo "--- $out" >&2; tail -n 30 "$out" >&2; }
  done
  exit 1
}

started=$(date +%s)
LOCAL_SLURM_NODES=2 "$root/cluster/local-slurm/start.sh" "$cluster"
# shellcheck disable=SC1091  # written by start.sh
source "$cluster/env.sh"
[[ "$(sinfo -h -N -o '%N' | sort | tr '\n' ' ')" == "n1 n2 " ]] || fail "the nodes are not n1 and n2"

trials=24
folds=3
write_job() { # NAME: a synthetic study writing $work/NAME.h5 and $work/NAME.log
  cat >"$work/$1.yaml" <<JOB
name: two-nodes-$1
seed: 3
cv: {folds: $folds}
model:
  kind: synthetic
  fixed: {function: branin, seconds: 0.4, evaluation_log: $work/$1.log}
space:
  x1: {type: float, low: -5, high: 10}
  x2: {type: float, low: 0, high: 15}
optimizer: {kind: bo, initial_trials: 5}
budget: {max_trials: $trials}
stopping: {criterion: none}
checkpoint: {path: $work/$1.h5}
JOB
}
# Two nodes, two tasks each (1 coordinator + 3 workers); the nodes' CPUs are shared by
# both emulated nodes, so --overcommit.
submit() { # NAME LAUNCHER: prints the job id
  (cd "$root" && FERMATA=$fermata FERMATA_LAUNCHER=$2 sbatch --parsable --nodes 2 \
    --ntasks-per-node 2 --overcommit --time 10 --output "$work/$1.out" \
    cluster/slurm/fermata.sbatch "$work/$1.yaml" "$work/$1.h5")
}
field() { # JOBID KEY
  scontrol show job "$1" | grep -oE "(^|[[:space:]])$2=[^[:space:]]*" | head -n 1 | cut -d= -f2
}
wait_for_state() { # JOBID STATE SECONDS
  local state
  for _ in $(seq 1 "$3"); do
    state=$(field "$1" JobState)
    [[ "$state" == "$2" ]] && return 0
    case "$state" in FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL)
      fail "job $1 ended $state" ;;
    esac
    sleep 1
  done
  fail "job $1 is $state, not $2, after $3 s"
}
check_finished() { # NAME JOBID
  [[ "$(field "$2" NodeList)" == "n[1-2]" ]] || fail "job $2 ran on $(field "$2" NodeList)"
  [[ "$(field "$2" ExitCode)" == 0:0 ]] || fail "job $2 exit code $(field "$2" ExitCode)"
  # Rank 0 (the coordinator) is on n1; ranks 1 to 3 are one on n1 and two on n2.
  grep -q "3 workers on 2 node(s): n1 (1), n2 (2)" "$work/$1.out" ||
    fail "job $2 did not have its workers on both nodes"
  "$fermata" report "$work/$1.h5" --history-csv "$work/$1.csv" >"$work/$1.report"
  grep -q "^trials *$trials complete, 0 failed, 0 unfinished" "$work/$1.report" ||
    fail "not every trial of job $2 completed"
  python3 "$root/tests/slurm/check_evaluations.py" "$work/$1.log" "$work/$1.csv" "$folds" \
    --signalled-run "$work/$1.out" || fail "a fold of job $2 was evaluated twice"
}

write_job srun
job=$(submit srun srun)
echo "submitted job $job (srun --mpi=pmix)"
wait_for_state "$job" COMPLETED 300
check_finished srun "$job"
echo "job $job (srun) completed on n[1-2]"

write_job mpirun
job=$(submit mpirun mpirun)
echo "submitted job $job (mpirun)"
# The time-limit warning once the study is under way; which folds it cuts short does not
# matter: the coordinator logs them, and only those may run again.
for _ in $(seq 1 300); do
  [[ -s "$work/mpirun.log" ]] && (($(wc -l <"$work/mpirun.log") >= 10)) && break
  sleep 0.5
done
[[ "$(field "$job" JobState)" == RUNNING ]] || fail "job $job is not running at the signal"
scancel --signal=USR1 --batch "$job"
wait_for_state "$job" COMPLETED 600
restarts=$(field "$job" Restarts)
((restarts >= 1)) || fail "job $job completed without a requeue (Restarts=$restarts)"
(($(grep -c "3 workers on 2 node(s)" "$work/mpirun.out") >= 2)) ||
  fail "the requeued job $job did not run on both nodes again"
check_finished mpirun "$job"
echo "job $job (mpirun) completed on n[1-2] after $restarts requeue(s)"
# A heterogeneous job: the coordinator alone in a component with 2 CPUs, the workers in a
# second one; srun starts both as one MPI world.
write_job het
job=$(cd "$root" && FERMATA=$fermata FERMATA_LAUNCHER=srun sbatch --parsable --time 10 \
  --output "$work/het.out" --ntasks 1 --cpus-per-task 2 --overcommit : --ntasks 3 \
  --cpus-per-task 1 --overcommit cluster/slurm/fermata.sbatch "$work/het.yaml" "$work/het.h5")
echo "submitted heterogeneous job $job"
wait_for_state "$job" COMPLETED 300
grep -q -- "--het-group=0-1" "$work/het.out" || fail "job $job was not launched as one het step"
grep -q "3 workers on" "$work/het.out" || fail "job $job did not start its 3 workers"
"$fermata" report "$work/het.h5" >"$work/het.report"
grep -q "^trials *$trials complete, 0 failed, 0 unfinished" "$work/het.report" ||
  fail "not every trial of job $job completed"
echo "heterogeneous job $job completed"
echo "passed in $(($(date +%s) - started)) s"
