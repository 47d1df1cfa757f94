#!/usr/bin/env bash
# The checkpoint directory fills up mid-run (a 96 KiB tmpfs, so the third or fourth write
# fails with ENOSPC): the job ends within 10 s with exit 4 and a one-line message that says
# the disk is full and the previous checkpoint is intact; that checkpoint reads, and once
# there is room again `--resume` finishes the study. Alone and under mpirun.
#
#   checkpoint_disk_full_test.sh FERMATA MPIRUN WORK_DIR
#
# Mounting a tmpfs needs root; exits 77 (skipped) otherwise.
set -euo pipefail
fermata=$(realpath "$1")
mpirun=$(realpath "$2")
mkdir -p "$3"
work=$(cd "$3" && pwd)
if [[ "$(id -u)" -ne 0 ]]; then
  echo "skipped: mounting a small tmpfs needs root"
  exit 77
fi
disk=$work/disk
mounted=0
cleanup() { if ((mounted)); then umount "$disk" || true; fi; }
trap cleanup EXIT

fail() {
  echo "FAILED ($1): $2"
  exit 1
}

for mode in local mpirun; do
  if ((mounted)); then umount "$disk"; fi
  rm -rf "${work:?}"/*
  mkdir -p "$disk"
  mount -t tmpfs -o size=96k fermata-disk-full-test "$disk" ||
    { echo "skipped: cannot mount a tmpfs here"; exit 77; }
  mounted=1
  cat >"$work/job.yaml" <<JOB
name: diskfull
seed: 3
cv: {folds: 3}
model:
  kind: synthetic
  fixed: {function: branin, seconds: 0.02}
space:
  x1: {type: float, low: -5, high: 10}
  x2: {type: float, low: 0, high: 15}
budget: {max_trials: 40}
stopping: {criterion: none}
checkpoint: {path: $disk/diskfull.h5, every_seconds: 0}
JOB
  if [[ $mode == local ]]; then
    command=("$fermata" run "$work/job.yaml" --local-workers 2)
  else
    command=("$mpirun" -n 3 "$fermata" run "$work/job.yaml")
  fi
  start=$(date +%s%N)
  status=0
  timeout 60 "${command[@]}" >"$work/run.out" 2>&1 || status=$?
  millis=$((($(date +%s%N) - start) / 1000000))
  echo "$mode: exit $status after $millis ms"
  grep "error" "$work/run.out" || true
  [[ $status -eq 4 ]] || { cat "$work/run.out"; fail "$mode" "exit $status, expected 4"; }
  ((millis < 10000)) || fail "$mode" "took $millis ms, expected under 10 s"
  [[ $(grep -c "fermata: error.*: cannot write checkpoint" "$work/run.out") -eq 1 ]] ||
    fail "$mode" "expected the error once"
  grep -q "No space left on device (the checkpoint written before, '$disk/diskfull.h5', is intact" \
    "$work/run.out" || fail "$mode" "the message does not say the disk is full and the checkpoint intact"
  [[ ! -e $disk/diskfull.h5.tmp ]] || fail "$mode" "the partial file was left behind"
  "$fermata" report "$disk/diskfull.h5" >"$work/report.out" || fail "$mode" "the checkpoint left does not read"
  grep -q "^study *diskfull" "$work/report.out" || fail "$mode" "unexpected report"

  # Room again: the study resumes from that checkpoint and finishes.
  mount -o remount,size=8m "$disk"
  "${command[@]}" --resume >"$work/resume.out" 2>&1 || { cat "$work/resume.out"; fail "$mode" "resume failed"; }
  "$fermata" report "$disk/diskfull.h5" >"$work/report.out"
  grep -q "^trials *40 complete, 0 failed, 0 unfinished" "$work/report.out" ||
    { cat "$work/report.out"; fail "$mode" "the resumed study did not finish"; }
done
echo "passed: a full checkpoint disk ends the job with exit 4, the checkpoint before it resumes"
