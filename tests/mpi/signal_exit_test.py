#!/usr/bin/env python3
"""A stop signal to cluster/mpirun.sh ends a 4-rank run within seconds, with exit 75 and a
checkpoint that holds every fold finished before the signal.

For SIGTERM and SIGUSR1 in turn: a synthetic job whose folds take 10 s runs until its first
trial is complete, so that the folds of the next trial are in flight; then the signal goes to
the wrapper script (which forwards it to every rank as SIGUSR2). The run must end within
5 s (the folds in flight are not waited for), exit 75, and leave no fermata process behind.
The synthetic model's evaluation log counts the folds that ended before the signal from the
workers' side; each of them must have a finite fold error in the checkpoint.

  signal_exit_test.py FERMATA MPIRUN_SH WORK_DIR
"""
import argparse
import math
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from evaluation_check import fold_in_flight  # noqa: E402
from text_report import complete_trials  # noqa: E402

JOB = """name: signal-exit-{name}
seed: 7
cv: {{folds: 3}}
model:
  kind: synthetic
  fixed: {{function: branin, seconds: 10, evaluation_log: {log}}}
space:
  x1: {{type: float, low: -5, high: 10}}
  x2: {{type: float, low: 0, high: 15}}
optimizer: {{kind: bo, initial_trials: 5}}
budget: {{max_trials: 20}}
stopping: {{criterion: none}}
checkpoint: {{path: {checkpoint}}}
"""

EXIT_INTERRUPTED = 75
MAX_EXIT_SECONDS = 5.0 * float(os.environ.get("FERMATA_TEST_TIME_SCALE", "1"))
FIRST_TRIAL_TIMEOUT = 120.0  # 4 ranks starting on a shared 2-core machine, then 10 s folds
FOLDS = 3


def read_dataset(checkpoint, dataset):
    """A dataset as (dims, flat list of floats), with every digit h5dump can print."""
    dump = subprocess.run(["h5dump", "-m", "%.17g", "-y", "-d", dataset, checkpoint],
                          capture_output=True, text=True, check=True).stdout
    dims = [int(d) for d in re.search(r"DATASPACE\s+SIMPLE \{ \(([^)]*)\)", dump)
            .group(1).split(",")]
    data = dump.split("DATA {", 1)[1].rsplit("}", 3)[0]
    values = [float(v) for v in data.replace(",", " ").split()]
    return dims, values


def leftover_processes(job_path):
    found = subprocess.run(["pgrep", "-f", job_path], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


def kill_leftovers(job_path):
    for pid in leftover_processes(job_path):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def finished_folds(log, before):
    """(trial, fold) of every fold whose "end" line was written before the unix time `before`,
    and the folds that had started but not ended then."""
    ended, running = set(), set()
    with open(log) as f:
        for line in f:
            event, trial, fold, when, _pid = line.split()
            key = (int(trial), int(fold))
            if float(when) >= before:
                continue
            if event == "start":
                running.add(key)
            else:
                ended.add(key)
                running.discard(key)
    return ended, running


def checkpointed_folds(checkpoint):
    """(trial, fold) of every finite fold error in the checkpoint."""
    _, ids = read_dataset(checkpoint, "/trials/id")
    dims, errors = read_dataset(checkpoint, "/trials/fold_error")
    if len(dims) != 2 or dims[0] != len(ids) or dims[1] != FOLDS:
        sys.exit(f"FAILED: /trials/fold_error has shape {dims}, expected ({len(ids)}, {FOLDS})")
    return {(int(ids[row]), fold) for row in range(dims[0]) for fold in range(dims[1])
            if math.isfinite(errors[row * dims[1] + fold])}


def run_until_signal(args, sig):
    """Runs the job, sends `sig` to the wrapper after the first complete trial and returns a
    row of the result table plus the failures found."""
    name = sig.name.lower()
    log = os.path.join(args.work_dir, f"{name}.evaluations.log")
    checkpoint = os.path.join(args.work_dir, f"{name}.h5")
    job = os.path.join(args.work_dir, f"signal-exit-{name}.yaml")
    output = os.path.join(args.work_dir, f"{name}.out")
    for path in (log, checkpoint, checkpoint + ".tmp"):
        if os.path.exists(path):
            os.remove(path)
    with open(job, "w") as out:
        out.write(JOB.format(name=name, log=log, checkpoint=checkpoint))

    failures = []
    with open(output, "w") as out:
        run = subprocess.Popen([args.mpirun_sh, "-n", "4", args.fermata, "run", job],
                               stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + FIRST_TRIAL_TIMEOUT
        while complete_trials(args.fermata, checkpoint) < 1:
            if run.poll() is not None:
                sys.exit(f"FAILED: {sig.name}: the run exited {run.returncode} before its first "
                         f"trial completed; see {output}")
            if time.monotonic() > deadline:
                sys.exit(f"FAILED: {sig.name}: no complete trial after {FIRST_TRIAL_TIMEOUT} s")
            time.sleep(0.2)
        # Signalled while a fold is running, as the workers' own log says (folds take 10 s),
        # not after a sleep that a loaded machine may outlast.
        while fold_in_flight(log) is None:
            if run.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"FAILED: {sig.name}: no fold in flight to signal; see {output}")
            time.sleep(0.05)
        sent_at = time.time()
        started = time.monotonic()
        run.send_signal(sig)
        try:
            code = run.wait(timeout=60)
        except subprocess.TimeoutExpired:
            sys.exit(f"FAILED: {sig.name}: the run was still alive 60 s after the signal")
        seconds = time.monotonic() - started
        leftovers = []
        for _ in range(20):  # ranks end with mpirun; allow the kernel a moment to reap them
            leftovers = leftover_processes(job)
            if not leftovers:
                break
            time.sleep(0.1)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
        kill_leftovers(job)

    done, running = finished_folds(log, sent_at)
    stored = checkpointed_folds(checkpoint)
    if seconds > MAX_EXIT_SECONDS:
        failures.append(f"{sig.name}: the run took {seconds:.2f} s to exit (at most "
                        f"{MAX_EXIT_SECONDS} s)")
    if code != EXIT_INTERRUPTED:
        failures.append(f"{sig.name}: exit code {code}, expected {EXIT_INTERRUPTED}; see {output}")
    if leftovers:
        failures.append(f"{sig.name}: fermata processes left behind: {leftovers}")
    if not running:
        failures.append(f"{sig.name}: no fold was running at the signal, so the test proved "
                        "nothing about folds in flight")
    missing = sorted(done - stored)
    if missing:
        failures.append(f"{sig.name}: folds that ended before the signal but have no fold "
                        f"error in the checkpoint (trial, fold): {missing}")
    ended_at_all, _ = finished_folds(log, math.inf)
    unexplained = sorted(stored - ended_at_all)
    if unexplained:
        failures.append(f"{sig.name}: fold errors in the checkpoint of folds that never ended "
                        f"(trial, fold): {unexplained}")
    row = (sig.name, seconds, code, len(done), len(running), len(stored))
    return row, failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("fermata")
    parser.add_argument("mpirun_sh")
    parser.add_argument("work_dir")
    args = parser.parse_args()
    os.makedirs(args.work_dir, exist_ok=True)

    rows, failures = [], []
    for sig in (signal.SIGTERM, signal.SIGUSR1):
        row, found = run_until_signal(args, sig)
        rows.append(row)
        failures += found

    print("| signal | seconds to exit | exit code | folds done | folds running | "
          "folds in checkpoint |")
    for name, seconds, code, done, running, stored in rows:
        print(f"| {name} | {seconds:.2f} | {code} | {done} | {running} | {stored} |")
    if failures:
        sys.exit("FAILED:\n" + "\n".join(failures))
    print(f"both signals ended the run within {MAX_EXIT_SECONDS} s with exit "
          f"{EXIT_INTERRUPTED}, and every finished fold was in the checkpoint")


if __name__ == "__main__":
    main()
