#!/usr/bin/env python3
"""Per-fold overhead of the command model: a persistent program against one process per fold.

  command_overhead.py --fermata build/fermata [--data ../shared/data] [--trials 10]
                      [--repeats 2] [--python /usr/bin/python3]

Runs jobs/sklearn-credit_g.yaml (a scikit-learn random forest on credit-g, 5 folds) in both
modes with the same configurations (synchronous runtime, one local worker, the regret bound's
default budget cut to --trials), alternating the modes --repeats times, and reads each fold's
seconds as the worker measured them (request to error, process start included) from the
checkpoint's export. The training itself is the same in both modes (the test asserts equal
fold errors), so the difference of the means is the start-up cost a persistent program saves
per fold: a new interpreter importing numpy and scikit-learn and reading the table.
Needs python3-sklearn and python3-pandas. Exits 1 when the modes' fold errors differ, 77
when the data is missing.
"""
import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time

import pandas as pd

sys.dont_write_bytecode = True
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "support"))
from machine import machine_description  # noqa: E402
from sklearn_job import sklearn_job  # noqa: E402

FOLDS = 5


def run_mode(args, workdir, persistent, repeat):
    name = f"{'persistent' if persistent else 'per_fold'}-{repeat}"
    checkpoint = os.path.join(workdir, name + ".h5")
    job = os.path.join(workdir, name + ".yaml")
    with open(job, "w") as out:
        out.write(sklearn_job(ROOT, args.python, os.path.abspath(
            os.path.join(args.data, "credit_g", "credit_g.tsv.gz")), checkpoint, persistent,
            args.trials))
    start = time.monotonic()
    run = subprocess.run([args.fermata, "run", job, "--quiet", "--local-workers", "1",
                          "--set", "stopping.criterion=none"], capture_output=True, text=True)
    wall = time.monotonic() - start
    if run.returncode != 0:
        sys.exit(f"{name}: fermata exited {run.returncode}: {run.stderr[-2000:]}")
    export = subprocess.run([args.fermata, "export", checkpoint, "--csv"], capture_output=True,
                            text=True, check=True)
    frame = pd.read_csv(io.StringIO(export.stdout), float_precision="round_trip")
    seconds = frame[[f"seconds_{j}" for j in range(FOLDS)]].to_numpy().ravel().tolist()
    errors = frame[[f"fold_{j}" for j in range(FOLDS)]].to_numpy().ravel().tolist()
    return seconds, errors, wall


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--fermata", required=True)
    p.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    p.add_argument("--trials", type=int, default=10)
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("--python", default="/usr/bin/python3", help="a Python with scikit-learn")
    args = p.parse_args()
    if not os.path.exists(os.path.join(args.data, "credit_g", "credit_g.tsv.gz")):
        print(f"skipped: {args.data}/credit_g/credit_g.tsv.gz is not on this machine")
        return 77

    results = {True: ([], [], []), False: ([], [], [])}
    errors_of = {}
    with tempfile.TemporaryDirectory(prefix="fermata-overhead-") as workdir:
        for repeat in range(args.repeats):
            for persistent in (False, True):
                seconds, errors, wall = run_mode(args, workdir, persistent, repeat)
                results[persistent][0].extend(seconds)
                results[persistent][1].append(wall)
                errors_of.setdefault(persistent, errors)
    same = errors_of[True] == errors_of[False]

    print(f"machine: {machine_description()}")
    print(f"job: jobs/sklearn-credit_g.yaml, {args.trials} trials x {FOLDS} folds per run, "
          f"{args.repeats} runs per mode (alternating), one local worker, synchronous")
    print(f"fold errors identical in both modes: {'yes' if same else 'NO'}\n")
    print(f"{'mode':<22} {'folds':>6} {'mean s/fold':>12} {'median':>8} {'run wall s':>11}")
    means = {}
    for persistent, label in ((False, "one process per fold"), (True, "persistent")):
        seconds, walls, _ = results[persistent]
        means[persistent] = statistics.mean(seconds)
        print(f"{label:<22} {len(seconds):>6} {means[persistent]:>12.3f} "
              f"{statistics.median(seconds):>8.3f} {statistics.mean(walls):>11.1f}")
    print(f"\nsaved per fold: {means[False] - means[True]:.3f} s; "
          f"persistent / per-fold time per fold: {means[True] / means[False]:.2f}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
