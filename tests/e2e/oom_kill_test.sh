#!/usr/bin/env bash
# A fold killed by the kernel's real OOM killer: fermata runs in a memory cgroup capped at
# 400 MiB, trial 3's folds allocate until the kernel kills the process, and each death is a
# restart with --resume, as a batch system would do it. The study must finish with trial 3
# failed after runtime.max_retries + 1 deaths and every other trial complete.
#
#   oom_kill_test.sh FERMATA WORK_DIR
#
# Needs root and a memory cgroup (v1 or v2); exits 77 (skipped) otherwise.
set -euo pipefail
fermata=$(realpath "$1")
mkdir -p "$2"
work=$(cd "$2" && pwd)
rm -rf "${work:?}"/*
if [[ "$(id -u)" -ne 0 ]]; then
  echo "skipped: a memory cgroup needs root"
  exit 77
fi
name=fermata-oom-test-$$
if [[ -f /sys/fs/cgroup/cgroup.controllers ]] && grep -qw memory /sys/fs/cgroup/cgroup.controllers; then
  cgroup=/sys/fs/cgroup/$name
  mkdir "$cgroup" || { echo "skipped: cannot create $cgroup"; exit 77; }
  echo $((400 << 20)) >"$cgroup/memory.max"
  echo 0 >"$cgroup/memory.swap.max" 2>/dev/null || true
  kills() { sed -n 's/^oom_kill //p' "$cgroup/memory.events"; }
elif [[ -d /sys/fs/cgroup/memory ]]; then
  cgroup=/sys/fs/cgroup/memory/$name
  mkdir "$cgroup" || { echo "skipped: cannot create $cgroup"; exit 77; }
  echo $((400 << 20)) >"$cgroup/memory.limit_in_bytes"
  echo $((400 << 20)) >"$cgroup/memory.memsw.limit_in_bytes" 2>/dev/null || true
  kills() { sed -n 's/^oom_kill //p' "$cgroup/memory.oom_control"; }
else
  echo "skipped: no memory cgroup controller"
  exit 77
fi
trap 'rmdir "$cgroup" 2>/dev/null || true' EXIT

cat >"$work/oom.yaml" <<JOB
name: oom
seed: 5
cv: {folds: 3}
model:
  kind: synthetic
  fixed: {function: branin, seconds: 0.05, crash_trial: 3, crash_signal: oom}
space:
  x1: {type: float, low: -5, high: 10}
  x2: {type: float, low: 0, high: 15}
optimizer: {kind: random}
budget: {max_trials: 8}
stopping: {criterion: none}
runtime: {max_retries: 1}
checkpoint: {path: $work/oom.h5}
JOB

deaths=0
for start in 1 2 3 4; do
  # A subshell joins the cgroup first, so fermata and only fermata runs under the cap.
  status=0
  (echo "$BASHPID" >"$cgroup/cgroup.procs" && exec "$fermata" run "$work/oom.yaml" --resume \
    --local-workers 2 --quiet) >"$work/run-$start.out" 2>&1 || status=$?
  echo "start $start: exit $status, OOM kills so far: $(kills)"
  [[ "$status" -eq 0 ]] && break
  [[ "$status" -eq 137 ]] || { cat "$work/run-$start.out"; echo "FAILED: exit $status, expected 137 (SIGKILL)"; exit 1; }
  deaths=$((deaths + 1))
done
[[ "$status" -eq 0 ]] || { echo "FAILED: still dying after $deaths deaths"; exit 1; }
[[ "$deaths" -eq 2 ]] || { echo "FAILED: $deaths deaths, expected max_retries + 1 = 2"; exit 1; }
(($(kills) >= 2)) || { echo "FAILED: the kernel's OOM killer did not do the killing ($(kills))"; exit 1; }
"$fermata" report "$work/oom.h5" | tee "$work/report.txt"
grep -q "^trials *7 complete, 1 failed, 0 unfinished" "$work/report.txt" ||
  { echo "FAILED: expected 7 complete trials and trial 3 failed"; exit 1; }
grep -q "trial 3: .*the job died while it ran" "$work/report.txt" ||
  { echo "FAILED: the failure does not say why"; exit 1; }
echo "passed: $deaths OOM kills, trial 3 failed, the study finished"
