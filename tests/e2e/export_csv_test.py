#!/usr/bin/env python3
"""`fermata export CKPT --csv` loads with pandas as is: one row per trial, failed and
unfinished ones included, one column per hyperparameter and per fold, and the same numbers
as the checkpoint read with h5py (the two ways the README shows).

1. A run where a third of the folds throw and none is retried: complete and failed trials.
2. A run of 0.5 s folds interrupted by SIGTERM once 2 trials are complete (exit 75): its
   pending and running trials are rows too, with empty cells for what is not known yet.

  export_csv_test.py FERMATA WORK_DIR
"""
import argparse
import io
import math
import os
import signal
import subprocess
import sys
import time

import h5py
import numpy as np
import pandas as pd

JOB = """name: export-{name}
seed: 5
cv: {{folds: 3}}
model:
  kind: synthetic
  fixed: {{function: mixed, noise: 0.01, seconds: {seconds}, fail_rate: {fail_rate}}}
space:
  x: {{type: float, low: 0, high: 1}}
  y: {{type: float, low: 0, high: 1}}
  n: {{type: int, low: 1, high: 10}}
  kind: {{type: categorical, choices: [a, b, c]}}
optimizer: {{kind: random}}
budget: {{max_trials: {max_trials}}}
stopping: {{criterion: none}}
runtime: {{max_retries: 0, max_failed_trials: 100}}
checkpoint: {{path: {checkpoint}}}
"""
PARAMETERS = ["x", "y", "n", "kind"]
FOLDS = 3
EXIT_INTERRUPTED = 75
STATES = ["pending", "running", "complete", "failed", "pruned"]  # /trials/state codes

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def write_job(work_dir, name, seconds, fail_rate, max_trials):
    checkpoint = os.path.join(work_dir, f"{name}.h5")
    for suffix in ("", ".tmp", ".prev", ".dispatch"):
        if os.path.exists(checkpoint + suffix):
            os.remove(checkpoint + suffix)
    job = os.path.join(work_dir, f"{name}.yaml")
    with open(job, "w") as out:
        out.write(JOB.format(name=name, seconds=seconds, fail_rate=fail_rate,
                             max_trials=max_trials, checkpoint=checkpoint))
    return job, checkpoint


def export(fermata, checkpoint, where):
    out = subprocess.run([fermata, "export", checkpoint, "--csv"], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"FAILED: {where}: fermata export exited {out.returncode}: {out.stderr}")
    # round_trip: pandas' default float parser may be off in the last bit.
    return pd.read_csv(io.StringIO(out.stdout), float_precision="round_trip")


def agrees_with_checkpoint(frame, checkpoint, where):
    """The export's rows are the checkpoint's trials, read with h5py as the README does."""
    with h5py.File(checkpoint, "r") as f:
        ids = f["trials/id"][:]
        states = [STATES[s] for s in f["trials/state"][:]]
        values = f["trials/value"][:]
        folds = f["trials/fold_error"][:]
        params = f["trials/params"][:]
    check(len(frame) == len(ids), f"{where}: {len(frame)} rows for {len(ids)} trials")
    wanted = ["trial", "state", *PARAMETERS, "value", *[f"fold_{j}" for j in range(FOLDS)],
              "test_error", "started", "finished"]
    missing = [c for c in wanted if c not in frame.columns]
    if not check(not missing, f"{where}: columns {missing} missing from {list(frame.columns)}"):
        return
    check(list(frame["trial"]) == list(ids), f"{where}: trial ids differ")
    check(list(frame["state"]) == states, f"{where}: states differ")
    for column in ["value", "x", "y", "n", *[f"fold_{j}" for j in range(FOLDS)]]:
        check(pd.api.types.is_numeric_dtype(frame[column]),
              f"{where}: column {column} is {frame[column].dtype}, not numeric")
    same = lambda a, b: (math.isnan(a) and math.isnan(b)) or a == b  # noqa: E731
    for i in range(len(ids)):
        check(same(frame["value"][i], values[i]), f"{where}: trial {ids[i]} value differs")
        for j in range(FOLDS):
            check(same(frame[f"fold_{j}"][i], folds[i, j]),
                  f"{where}: trial {ids[i]} fold {j} differs")
        check(frame["x"][i] == params[i, 0], f"{where}: trial {ids[i]} x differs")
        check(frame["kind"][i] == "abc"[int(params[i, 3])], f"{where}: trial {ids[i]} kind")
    started = pd.to_datetime(frame["started"], utc=True)
    dispatched = frame["state"] != "pending"  # a pending trial may have started, or not yet
    check(started[dispatched].notna().all(), f"{where}: a dispatched trial has no start time")


def flaky_run(args):
    job, checkpoint = write_job(args.work_dir, "flaky", 0, 0.3, 20)
    out = subprocess.run([args.fermata, "run", job, "--local-workers", "2", "--quiet"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"FAILED: the flaky run exited {out.returncode}: {out.stderr}")
    frame = export(args.fermata, checkpoint, "flaky")
    agrees_with_checkpoint(frame, checkpoint, "flaky")
    states = set(frame["state"])
    check({"complete", "failed"} <= states, f"flaky: states {states}, expected complete and failed")
    failed = frame[frame["state"] == "failed"]
    check(failed["value"].isna().all(), "flaky: a failed trial has a value")
    check(failed["message"].notna().all(), "flaky: a failed trial has no message")


def complete_trials(checkpoint):
    try:
        with h5py.File(checkpoint, "r") as f:
            return int(np.sum(f["trials/state"][:] == 2))
    except (OSError, KeyError):
        return 0


def interrupted_run(args):
    job, checkpoint = write_job(args.work_dir, "interrupted", 0.5, 0, 50)
    run = subprocess.Popen([args.fermata, "run", job, "--local-workers", "2", "--quiet"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while complete_trials(checkpoint) < 2 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=60)
    if run.returncode != EXIT_INTERRUPTED:
        sys.exit(f"FAILED: the interrupted run exited {run.returncode}, expected 75: {err}")
    frame = export(args.fermata, checkpoint, "interrupted")
    agrees_with_checkpoint(frame, checkpoint, "interrupted")
    unfinished = frame[frame["state"].isin(["pending", "running"])]
    check(len(unfinished) > 0, f"interrupted: no pending or running trial in {set(frame['state'])}")
    check(unfinished["value"].isna().all(), "interrupted: an unfinished trial has a value")
    check(unfinished["finished"].isna().all(), "interrupted: an unfinished trial has a finish")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("fermata")
    parser.add_argument("work_dir")
    args = parser.parse_args()
    os.makedirs(args.work_dir, exist_ok=True)
    flaky_run(args)
    interrupted_run(args)
    for failure in failures:
        print("FAILED:", failure)
    if failures:
        sys.exit(1)
    print("ok: the export loads with pandas and matches the checkpoint read with h5py")


if __name__ == "__main__":
    main()
