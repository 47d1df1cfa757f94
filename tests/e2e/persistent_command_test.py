#!/usr/bin/env python3
"""The command model's persistent mode under mpirun, end to end.

1. jobs/sklearn-credit_g.yaml (a scikit-learn random forest, fixed random_state, n_jobs=1)
   runs in persistent mode and in one-process-per-fold mode, both with
   runtime.synchronous: true and the same budget: both finish, and their checkpoints (read
   through `fermata export --csv`) match fold for fold: the same configurations, states,
   fold errors, values and test errors.
2. A persistent program that kills itself mid-fold (after starting a background process):
   the run finishes, the fold failed with the program's end in its message, the program was
   started again (a new process id answers later folds), and no process of any of these
   programs is left once fermata has exited.

Runs with a Python that has scikit-learn (Debian's /usr/bin/python3, python3-sklearn).

  persistent_command_test.py FERMATA MPIRUN SOURCE_DIR WORK_DIR
"""
import argparse
import errno
import io
import os
import re
import shutil
import subprocess
import sys

import pandas as pd

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from sklearn_job import sklearn_job  # noqa: E402

DATA = "credit_g/credit_g.tsv.gz"
TRIALS = 6
RANKS = 3  # the coordinator and two workers
# What must agree between the two modes; times, seconds and workers may not.
COMPARED = ["trial", "state", "n_estimators", "max_depth", "max_features", "min_samples_leaf",
            "value", "fold_0", "fold_1", "fold_2", "fold_3", "fold_4", "test_error", "attempts"]

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def gone(pid):
    try:
        os.kill(pid, 0)
    except OSError as e:
        return e.errno == errno.ESRCH
    return False


def run(args, job, where):
    out = subprocess.run([args.mpirun, "-n", str(RANKS), args.fermata, "run", job, "--quiet"],
                         capture_output=True, text=True, timeout=600)
    check(out.returncode == 0, f"{where}: exit {out.returncode}, expected 0: {out.stderr[-2000:]}")
    return out


def export(fermata, checkpoint):
    out = subprocess.run([fermata, "export", checkpoint, "--csv"], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"FAILED: fermata export {checkpoint} exited {out.returncode}: {out.stderr}")
    return pd.read_csv(io.StringIO(out.stdout), float_precision="round_trip")


def leftover_programs(marker):
    """Processes whose command line mentions `marker` (a path only these runs use)."""
    out = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def persistent_matches_per_fold(args, data):
    frames = {}
    for persistent in (True, False):
        name = "persistent" if persistent else "per_fold"
        checkpoint = os.path.join(args.work_dir, f"{name}.h5")
        job = os.path.join(args.work_dir, f"{name}.yaml")
        with open(job, "w") as out:
            out.write(sklearn_job(args.source_dir, sys.executable, data, checkpoint, persistent,
                                  TRIALS))
        run(args, job, name)
        frames[name] = export(args.fermata, checkpoint)
    script = os.path.join(args.source_dir, "jobs", "examples", "sklearn_train.py")
    check(not leftover_programs(script), f"programs left running: {leftover_programs(script)}")
    a, b = frames["persistent"], frames["per_fold"]
    if not check(len(a) == TRIALS and len(b) == TRIALS,
                 f"expected {TRIALS} trials in each run, found {len(a)} and {len(b)}"):
        return
    check((a["state"] == "complete").all(), f"persistent run: states {list(a['state'])}")
    for column in COMPARED:
        same = a[column].equals(b[column])
        check(same, f"column {column} differs between the modes:\n"
                    f"persistent {list(a[column])}\nper fold   {list(b[column])}")
    print(f"persistent and per-fold runs agree on {TRIALS} trials x 5 folds; "
          f"best CV error {a['value'].min():.5f}")


CRASH_JOB = """name: persistent-crash
seed: 3
data: {{generate: {{kind: regression, rows: 50, features: 8}}}}
cv: {{folds: 3}}
model:
  kind: command
  persistent: true
  command: [{python}, {program}, {log}, {marker}]
space:
  x: {{type: float, low: 0, high: 1}}
optimizer: {{kind: random}}
budget: {{max_trials: 5}}
stopping: {{criterion: none}}
runtime: {{max_retries: 0, max_failed_trials: 5, synchronous: true}}
checkpoint: {{path: {checkpoint}}}
"""


def crash_gives_a_failed_fold_and_a_restart(args):
    log = os.path.join(args.work_dir, "crash.log")
    marker = os.path.join(args.work_dir, "crashed")
    checkpoint = os.path.join(args.work_dir, "crash.h5")
    job = os.path.join(args.work_dir, "crash.yaml")
    program = os.path.join(args.source_dir, "tests", "e2e", "crashing_program.py")
    with open(job, "w") as out:
        out.write(CRASH_JOB.format(python=sys.executable, program=program, log=log,
                                   marker=marker, checkpoint=checkpoint))
    out = run(args, job, "crash run")
    check(os.path.exists(marker), "the program never reached its crash")
    check(re.search(r"trial 2 fold 1 failed: persistent program .* was killed by signal 9 "
                    r"\(SIGKILL\) before it replied to trial 2 fold 1; it starts again",
                    out.stderr) is not None,
          f"no failed-fold message for the crash in the log:\n{out.stderr[-3000:]}")
    with open(log) as f:
        lines = [line.split() for line in f]
    children = [int(l[1]) for l in lines if l[0] == "child"]
    requests = [(int(l[0]), l[1], l[2]) for l in lines if l[0] != "child"]
    crashed = [pid for pid, trial, fold in requests if (trial, fold) == ("2", "1")]
    pids = [pid for pid, _, _ in requests]
    check(len(crashed) == 1 and len(children) == 1, f"expected one crash, found {lines}")
    if crashed:
        later = pids[pids.index(crashed[0]) + 1:]
        check(any(p != crashed[0] and p not in pids[:pids.index(crashed[0])] for p in later),
              f"no new program answered after the crash: {requests}")
    check(len(set(pids)) == RANKS, f"expected {RANKS - 1} programs and one restart, "
                                   f"found the processes {sorted(set(pids))}")
    check(all(gone(p) for p in set(pids) | set(children)),
          f"left running: {[p for p in set(pids) | set(children) if not gone(p)]}")
    frame = export(args.fermata, checkpoint)
    states = dict(zip(frame["trial"], frame["state"]))
    check(states.get(2) == "failed", f"trial 2 should have failed (no retries), found {states}")
    check(sum(s == "complete" for s in states.values()) == 4, f"states {states}")


def main():
    parser = argparse.ArgumentParser()
    for name in ("fermata", "mpirun", "source_dir", "work_dir"):
        parser.add_argument(name)
    args = parser.parse_args()
    data = os.path.abspath(os.path.join(args.source_dir, "..", "shared", "data", DATA))
    shutil.rmtree(args.work_dir, ignore_errors=True)
    os.makedirs(args.work_dir)
    crash_gives_a_failed_fold_and_a_restart(args)
    if os.path.exists(data):
        persistent_matches_per_fold(args, data)
    else:
        print(f"{data} is missing: the scikit-learn comparison is skipped")
    if failures:
        print("FAILED:\n" + "\n".join(failures))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
