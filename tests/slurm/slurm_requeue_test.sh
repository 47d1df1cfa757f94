#!/usr/bin/env bash
# A fermata study under SLURM survives the time-limit warning: on a private single-node
# SLURM (cluster/local-slurm), a job submitted through cluster/slurm/fermata.sbatch gets
# SIGUSR1 the way --signal=B:USR1@120 delivers it, checkpoints, requeues itself, resumes
# and completes; no fold finished before the signal is evaluated again. Submitting the
# finished study again ends at once with exit 0 and no requeue. A study whose trial kills its
# rank is requeued after each death and finishes with that trial failed.
#
#   slurm_requeue_test.sh ROOT FERMATA WORK_DIR
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
for tool in slurmctld slurmd munged sbatch scontrol scancel mpirun python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "skipped: $tool is not installed"
    exit 77
  fi
done

mkdir -p "$3"
work=$(cd "$3" && pwd)
rm -rf "${work:?}"/*
cluster=$(mktemp -d /tmp/fermata-slurm-test.XXXXXX)
stop_cluster() {
  "$root/cluster/local-slurm/stop.sh" "$cluster" || true
  rm -rf "$cluster"
}
trap stop_cluster EXIT
fail() {
  echo "FAILED: $*" >&2
  for out in "$work"/*.out "$cluster"/log/slurmctld.log; do
    [[ -f "$out" ]] && { echo "--- $out" >&2; tail -n 30 "$out" >&2; }
  done
  exit 1
}

started=$(date +%s)
"$root/cluster/local-slurm/start.sh" "$cluster"
export SLURM_CONF=$cluster/slurm.conf

trials=30
folds=3
checkpoint=$work/requeue.h5
log=$work/evaluations.log
write_job() { # FILE: a 30-trial synthetic study writing $checkpoint and $log
cat >"$1" <<JOB
name: slurm-requeue
seed: 5
cv: {folds: $folds}
model:
  kind: synthetic
  fixed: {function: branin, seconds: 0.5, evaluation_log: $log}
space:
  x1: {type: float, low: -5, high: 10}
  x2: {type: float, low: 0, high: 15}
optimizer: {kind: bo, initial_trials: 5}
budget: {max_trials: $trials}
stopping: {criterion: none}
checkpoint: {path: $checkpoint}
JOB
}
write_job "$work/requeue.yaml"

# The node may have fewer CPUs than ranks: --overcommit lets 4 tasks share them.
submit() { # OUTPUT_FILE [JOB_FILE]: prints the job id
  (cd "$root" && FERMATA=$fermata sbatch --parsable --ntasks 4 --overcommit --time 10 \
    --output "$1" cluster/slurm/fermata.sbatch "${2:-$work/requeue.yaml}" "$checkpoint")
}
field() { # JOBID KEY
  scontrol show job "$1" | grep -oE "(^|[[:space:]])$2=[^[:space:]]*" | head -n 1 | cut -d= -f2
}
complete_trials() {
  [[ -f "$checkpoint" ]] || { echo 0; return; }
  "$fermata" report "$checkpoint" 2>/dev/null |
    sed -n 's/^trials *\([0-9]*\) complete.*/\1/p' || echo 0
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

first=$(submit "$work/first.out")
echo "submitted job $first"
for _ in $(seq 1 300); do
  (($(complete_trials) >= 5)) && break
  sleep 1
done
(($(complete_trials) >= 5)) || fail "fewer than 5 trials completed within 300 s"
[[ "$(field "$first" JobState)" == RUNNING ]] || fail "job $first is not running at the signal"
scancel --signal=USR1 --batch "$first"
echo "USR1 sent to job $first's batch shell with $(complete_trials) complete trials"

wait_for_state "$first" COMPLETED 600
restarts=$(field "$first" Restarts)
((restarts >= 1)) || fail "job $first completed without a requeue (Restarts=$restarts)"
grep -q "requeueing job $first" "$work/first.out" || fail "the batch script did not requeue"
[[ "$(field "$first" ExitCode)" == 0:0 ]] || fail "job $first exit code $(field "$first" ExitCode)"
echo "job $first completed after $restarts restart(s)"
# The batch script leaves the HTML report beside the checkpoint, after the interruption too.
grep -q "report: ${checkpoint%.h5}.html" "$work/first.out" ||
  fail "the batch script did not log the HTML report"
grep -q 'id="chart-workers"' "${checkpoint%.h5}.html" ||
  fail "no HTML report with charts at ${checkpoint%.h5}.html"

"$fermata" report "$checkpoint" --history-csv "$work/history.csv" | tee "$work/report.txt"
grep -q "^trials *$trials complete, 0 failed, 0 unfinished" "$work/report.txt" ||
  fail "not every trial completed"
python3 "$(dirname "$0")/check_evaluations.py" "$log" "$work/history.csv" "$folds" \
  --signalled-run "$work/first.out" || fail "a fold was evaluated twice"

# The finished study submitted again: fermata exits 0 at once, nothing is requeued.
second=$(submit "$work/second.out")
wait_for_state "$second" COMPLETED 300
[[ "$(field "$second" Restarts)" == 0 ]] || fail "the finished study was requeued"
[[ "$(field "$second" ExitCode)" == 0:0 ]] || fail "job $second exit code $(field "$second" ExitCode)"
grep -q "not requeued" "$work/second.out" || fail "job $second did not report its finish"
echo "job $second (finished study) completed without a requeue"

# Preemption with requeue: SLURM itself requeues the running job from outside (SIGTERM to
# every process of the job, SIGKILL after KillWait) and queues it again; it resumes from the
# checkpoint. `requeuehold` keeps it queued until the processes are gone, so that the test can
# take the checkpoint and evaluation log the killed run left, which say exactly which folds it
# may have cut short (evaluated by it, result not in the checkpoint), before `release`.
checkpoint=$work/preempted.h5
log=$work/preempted.log
write_job "$work/preempted.yaml"
third=$(submit "$work/third.out" "$work/preempted.yaml")
for _ in $(seq 1 300); do
  (($(complete_trials) >= 5)) && break
  sleep 1
done
(($(complete_trials) >= 5)) || fail "fewer than 5 trials of job $third completed within 300 s"
scontrol requeuehold "$third"
echo "job $third requeued (held) from outside with $(complete_trials) complete trials"
wait_for_state "$third" PENDING 300
for _ in $(seq 1 100); do
  pgrep -f "$work/preempted.yaml" >/dev/null || break
  sleep 0.1
done
! pgrep -f "$work/preempted.yaml" >/dev/null || fail "job $third's processes outlive its requeue"
cp "$checkpoint" "$work/preempted-at-requeue.h5"
cp "$log" "$work/preempted-at-requeue.log"
scontrol release "$third"
wait_for_state "$third" COMPLETED 600
restarts=$(field "$third" Restarts)
((restarts >= 1)) || fail "job $third completed without a requeue (Restarts=$restarts)"
"$fermata" report "$checkpoint" --history-csv "$work/preempted.csv" >"$work/preempted.txt"
grep -q "^trials *$trials complete, 0 failed, 0 unfinished" "$work/preempted.txt" ||
  fail "not every trial of the requeued job completed"
python3 "$(dirname "$0")/check_evaluations.py" "$log" "$work/preempted.csv" "$folds" \
  --killed-run "$fermata" "$work/preempted-at-requeue.h5" "$work/preempted-at-requeue.log" ||
  fail "a fold of the requeued job was evaluated twice"
echo "job $third completed after $restarts restart(s)"

# A poison configuration: trial 3's folds kill their rank (SIGKILL, as the OOM killer would).
# Each death ends the job; the template requeues it; the resumed run charges the fold and
# runs it alone; after max_retries + 1 deaths trial 3 fails and the study finishes.
checkpoint=$work/poison.h5
cat >"$work/poison.yaml" <<JOB
name: slurm-poison
seed: 5
cv: {folds: $folds}
model:
  kind: synthetic
  fixed: {function: branin, seconds: 0.2, crash_trial: 3, crash_signal: kill}
space:
  x1: {type: float, low: -5, high: 10}
  x2: {type: float, low: 0, high: 15}
optimizer: {kind: random}
budget: {max_trials: 8}
stopping: {criterion: none}
runtime: {max_retries: 1}
checkpoint: {path: $checkpoint}
JOB
fourth=$(submit "$work/fourth.out" "$work/poison.yaml")
wait_for_state "$fourth" COMPLETED 600
restarts=$(field "$fourth" Restarts)
((restarts >= 1 && restarts <= 2)) ||
  fail "job $fourth restarted $restarts times, expected 1 or 2 (max_retries + 1 deaths)"
"$fermata" report "$checkpoint" >"$work/poison.txt"
grep -q "^trials *7 complete, 1 failed, 0 unfinished" "$work/poison.txt" ||
  fail "the poison study did not end with 7 complete trials and trial 3 failed"
grep -q "the job died while it ran" "$work/poison.txt" || fail "the failure does not say why"
echo "job $fourth (a fold that kills its rank) completed after $restarts restart(s)"
echo "passed in $(($(date +%s) - started)) s"
