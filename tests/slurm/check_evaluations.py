#!/usr/bin/env python3
"""Checks a synthetic model's evaluation log against the complete trials of a checkpoint.

Every fold of every complete trial must have been evaluated to the end, and a fold
evaluated more than once is allowed only when its earlier evaluation was cut off by the
interruption: it started before the signal and had not ended, or ended less than three seconds
before it (its result was still on its way to the checkpoint).

  check_evaluations.py LOG HISTORY_CSV FOLDS SIGNAL_UNIX_TIME
"""
import collections
import csv
import sys

IN_TRANSIT_SECONDS = 3.0  # as in tests/mpi/kill_resume_test.py: a result may wait in the
# coordinator's inbox while it asks the optimizer (seconds on a loaded 2-core machine)


def main():
    log, history, folds, signal_time = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(
        sys.argv[4])
    with open(history) as f:
        complete = [int(row["trial"]) for row in csv.DictReader(f)]

    # A worker process evaluates one fold at a time: pair its start and end lines.
    evaluations = collections.defaultdict(list)  # (trial, fold) -> [(start, end or None)]
    open_by_pid = {}
    with open(log) as f:
        for line in f:
            event, trial, fold, when, pid = line.split()
            key, when = (int(trial), int(fold)), float(when)
            if event == "start":
                if pid in open_by_pid:  # its previous evaluation never ended
                    evaluations[open_by_pid[pid][0]].append((open_by_pid[pid][1], None))
                open_by_pid[pid] = (key, when)
            else:
                started_key, started = open_by_pid.pop(pid)
                if started_key != key:
                    sys.exit(f"FAILED: malformed log: {line.strip()} ends {started_key}")
                evaluations[key].append((started, when))
    for key, started in open_by_pid.values():
        evaluations[key].append((started, None))

    def cut_by_the_signal(start, end):
        return start < signal_time and (end is None or end > signal_time - IN_TRANSIT_SECONDS)

    repeated, unexplained = 0, []
    for trial in complete:
        for fold in range(folds):
            runs = sorted(evaluations[(trial, fold)], key=lambda r: r[0])
            if not any(end is not None for _, end in runs):
                unexplained.append(f"trial {trial} fold {fold}: never evaluated to the end")
                continue
            for start, end in runs[:-1]:
                repeated += 1
                if not cut_by_the_signal(start, end):
                    unexplained.append(
                        f"trial {trial} fold {fold}: evaluated again although its evaluation "
                        f"at {start:.3f}-{end} was not running at the signal")
    total = sum(len(v) for v in evaluations.values())
    print(f"{len(complete)} complete trials, {len(complete) * folds} folds, {total} "
          f"evaluations, {repeated} repeated (cut by the signal), {len(unexplained)} unexplained")
    if unexplained:
        sys.exit("FAILED:\n" + "\n".join(unexplained))


if __name__ == "__main__":
    main()
