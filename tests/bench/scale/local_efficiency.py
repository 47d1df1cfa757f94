#!/usr/bin/env python3
"""Worker efficiency with many workers: can one coordinator keep W workers busy?

  local_efficiency.py --fermata build/fermata [--workers 1024] [--trials 3000]
                      [--optimizer bo|random] [--fold-seconds 1] [--workdir DIR]
                      [--function hartmann6|styblinski_tang9] [--criterion none|default|NAME]
                      [--noise 0.05] [--mpirun PATH]

Runs `fermata run` on a synthetic function (fold noise sd --noise, 10 folds that each sleep
--fold-seconds) with W workers: in-process (`--local-workers W`), or with --mpirun as W + 1
MPI ranks on this machine (oversubscribed). Then reads the fold start and finish times from
the checkpoint (`fermata report --json`) and prints one markdown row:
  efficiency = busy fold time / (W × (t1 − t0)), t0 = the moment the last worker started
  its first fold, t1 = the last fold's end (or, when the criterion stopped the run, the
  moment it stopped dispatching: the folds it lets finish after that are not counted as
  idle time), each fold clipped to [t0, t1].
`--optimizer random` gives the ceiling of the machine (no model at all). `--criterion none`
(the default) lets the run reach --trials; `default` leaves `stopping` out of the job, so
the default criterion acts; any other value names the acting criterion. When it stopped the
run, the row also shows the decision lag: trials completed between the first prefix on
which the acting criterion said stop and the moment the run stopped dispatching (and that
time in seconds). The coordinator's own log line (suggestions, batches, decision latency) is
shown below the table.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "support"))
from machine import machine_description  # noqa: E402

SPACES = {
    "hartmann6": "space:\n" + "".join(
        f"  x{i}: {{type: float, low: 0, high: 1}}\n" for i in range(1, 7)),
    "styblinski_tang9": "space:\n" + "".join(
        f"  x{i}: {{type: float, low: -5, high: 5}}\n" for i in range(1, 10)),
}


def last_dispatch(report):
    return max(s["start_utc"] for lane in report["workers"]["lanes"] for s in lane["segments"])


def efficiency(report, workers, until=None):
    lanes = [lane for lane in report["workers"]["lanes"] if lane["segments"]]
    t0 = max(min(s["start_utc"] for s in lane["segments"]) for lane in lanes)
    t1 = until if until is not None else max(
        s["end_utc"] for lane in lanes for s in lane["segments"])
    busy = sum(max(0.0, min(s["end_utc"], t1) - max(s["start_utc"], t0))
               for lane in lanes for s in lane["segments"])
    return busy / (workers * (t1 - t0)), t1 - t0, len(lanes)


def decision_lag(report):
    """(trials, seconds) from the acting criterion's first 'stop' to the last dispatch, or
    None when it never said stop."""
    acting = [c for c in report["criteria"] if c["acting"]]
    if not acting or acting[0]["first_stop_n_trials"] is None:
        return None
    first_stop = acting[0]["first_stop_n_trials"]
    stopped_at = last_dispatch(report)
    finished = sorted(t["finished_utc"] for t in report["trials"]
                      if t["state"] == "complete" and t["finished_utc"] is not None)
    completed_then = sum(1 for f in finished if f <= stopped_at)
    said_at = finished[first_stop - 1]
    return completed_then - first_stop, stopped_at - said_at, first_stop


def job_text(args, checkpoint):
    stopping = "" if args.criterion == "default" else f"stopping: {{criterion: {args.criterion}}}\n"
    return ("name: local-efficiency\nseed: 1\ncv: {folds: 10}\nmodel:\n  kind: synthetic\n"
            f"  fixed: {{function: {args.function}, noise: {args.noise:g}, "
            f"seconds: {args.fold_seconds:g}}}\n"
            + SPACES[args.function] + f"optimizer: {{kind: {args.optimizer}}}\n"
            f"budget: {{max_trials: {args.trials}}}\n" + stopping +
            f"checkpoint: {{path: {checkpoint}}}\n")


def command(args, job):
    if not args.mpirun:
        return [args.fermata, "run", job, "--local-workers", str(args.workers)]
    launcher = [args.mpirun, "--oversubscribe", "-n", str(args.workers + 1)]
    if os.geteuid() == 0:
        launcher.insert(1, "--allow-run-as-root")
    return launcher + [args.fermata, "run", job]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fermata", required=True)
    parser.add_argument("--workers", type=int, default=1024)
    parser.add_argument("--trials", type=int, default=3000)
    parser.add_argument("--optimizer", default="bo")
    parser.add_argument("--fold-seconds", type=float, default=1.0)
    parser.add_argument("--function", default="hartmann6", choices=sorted(SPACES))
    parser.add_argument("--criterion", default="none")
    parser.add_argument("--noise", type=float, default=0.05, help="sd of each fold's noise")
    parser.add_argument("--mpirun", default=None, help="run W + 1 MPI ranks with this mpirun")
    parser.add_argument("--workdir", default=None)
    args = parser.parse_args()
    work = args.workdir or tempfile.mkdtemp(prefix="fermata-local-efficiency-")
    os.makedirs(work, exist_ok=True)
    checkpoint = os.path.join(work, "run.h5")
    for suffix in ("", ".prev", ".tmp", ".journal", ".dispatch"):
        if os.path.exists(checkpoint + suffix):
            os.remove(checkpoint + suffix)
    job = os.path.join(work, "job.yaml")
    with open(job, "w") as f:
        f.write(job_text(args, checkpoint))
    start = time.time()
    run = subprocess.run(command(args, job), capture_output=True, text=True)
    wall = time.time() - start
    if run.returncode != 0:
        sys.exit(f"fermata run exited {run.returncode}:\n{run.stderr[-3000:]}")
    report = json.loads(subprocess.run([args.fermata, "report", checkpoint, "--json"],
                                       capture_output=True, text=True, check=True).stdout)
    lag = decision_lag(report) if args.criterion != "none" else None
    stopped = lag is not None  # the acting criterion said stop
    value, span, lanes = efficiency(report, args.workers,
                                    last_dispatch(report) if stopped else None)
    complete = report["status"]["trials"]["complete"]
    launcher = "MPI ranks" if args.mpirun else "in-process"
    print(f"machine: {machine_description()}")
    print(f"command: {' '.join(sys.argv)}\n")
    print("| workers | function | optimizer | criterion | fold | trials | wall | steady span | "
          "efficiency | decision lag |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    lag_text = "-" if lag is None else (f"{lag[0]} trials, {lag[1]:.1f} s "
                                        f"(said stop at n = {lag[2]})")
    print(f"| {args.workers} ({launcher}) | {args.function} | {args.optimizer} | "
          f"{report['criterion']['acting']}{' (stopped)' if stopped else ''} | "
          f"{args.fold_seconds:g} s | {complete} | {wall:.1f} s | {span:.1f} s | {value:.3f} | "
          f"{lag_text} |")
    for line in (run.stdout + run.stderr).splitlines():
        if "optimizer:" in line and "suggestions" in line:
            print("\n" + line.strip())
    if lanes != args.workers:
        print(f"\nnote: {lanes} of {args.workers} workers ran a fold")


if __name__ == "__main__":
    main()
