#!/usr/bin/env python3
"""Worker efficiency with many in-process workers: can one coordinator keep W workers busy?

  local_efficiency.py --fermata build/fermata [--workers 1024] [--trials 3000]
                      [--optimizer bo|random] [--fold-seconds 1] [--workdir DIR]

Runs `fermata run --local-workers W` on synthetic Hartmann-6 (noise 0.05, 10 folds that each
sleep --fold-seconds), with `stopping.criterion: none`, until --trials trials complete, then
reads the fold start and finish times from the checkpoint (`fermata report --json`) and
prints one markdown row:
  efficiency = busy fold time / (W × (t1 − t0)), t0 = the moment the last worker started
  its first fold, t1 = the last fold's end, each fold clipped to [t0, t1].
`--optimizer random` gives the ceiling of the machine (no model at all). The coordinator's
own log line (suggestions, batches, decision latency) is shown below the table.
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

SPACE = "space:\n" + "".join(
    f"  x{i}: {{type: float, low: 0, high: 1}}\n" for i in range(1, 7))


def efficiency(report, workers):
    lanes = [lane for lane in report["workers"]["lanes"] if lane["segments"]]
    t0 = max(min(s["start_utc"] for s in lane["segments"]) for lane in lanes)
    t1 = max(s["end_utc"] for lane in lanes for s in lane["segments"])
    busy = sum(max(0.0, min(s["end_utc"], t1) - max(s["start_utc"], t0))
               for lane in lanes for s in lane["segments"])
    return busy / (workers * (t1 - t0)), t1 - t0, len(lanes)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fermata", required=True)
    parser.add_argument("--workers", type=int, default=1024)
    parser.add_argument("--trials", type=int, default=3000)
    parser.add_argument("--optimizer", default="bo")
    parser.add_argument("--fold-seconds", type=float, default=1.0)
    parser.add_argument("--workdir", default=None)
    args = parser.parse_args()
    work = args.workdir or tempfile.mkdtemp(prefix="fermata-local-efficiency-")
    os.makedirs(work, exist_ok=True)
    checkpoint = os.path.join(work, "run.h5")
    for suffix in ("", ".prev", ".tmp", ".journal"):
        if os.path.exists(checkpoint + suffix):
            os.remove(checkpoint + suffix)
    job = os.path.join(work, "job.yaml")
    with open(job, "w") as f:
        f.write("name: local-efficiency\nseed: 1\ncv: {folds: 10}\nmodel:\n  kind: synthetic\n"
                f"  fixed: {{function: hartmann6, noise: 0.05, seconds: {args.fold_seconds:g}}}\n"
                + SPACE + f"optimizer: {{kind: {args.optimizer}}}\n"
                f"budget: {{max_trials: {args.trials}}}\nstopping: {{criterion: none}}\n"
                f"checkpoint: {{path: {checkpoint}}}\n")
    start = time.time()
    run = subprocess.run([args.fermata, "run", job, "--local-workers", str(args.workers)],
                         capture_output=True, text=True)
    wall = time.time() - start
    if run.returncode != 0:
        sys.exit(f"fermata run exited {run.returncode}:\n{run.stderr[-3000:]}")
    report = json.loads(subprocess.run([args.fermata, "report", checkpoint, "--json"],
                                       capture_output=True, text=True, check=True).stdout)
    value, span, lanes = efficiency(report, args.workers)
    complete = report["status"]["trials"]["complete"]
    print(f"machine: {machine_description()}")
    print(f"command: {' '.join(sys.argv)}\n")
    print("| workers | optimizer | fold | trials | wall | steady span | efficiency |")
    print("|---|---|---|---|---|---|---|")
    print(f"| {args.workers} | {args.optimizer} | {args.fold_seconds:g} s | {complete} | "
          f"{wall:.1f} s | {span:.1f} s | {value:.3f} |")
    for line in (run.stdout + run.stderr).splitlines():
        if "optimizer:" in line and "suggestions" in line:
            print("\n" + line.strip())
    if lanes != args.workers:
        print(f"\nnote: {lanes} of {args.workers} workers ran a fold")


if __name__ == "__main__":
    main()
