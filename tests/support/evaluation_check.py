"""Counts fold evaluations from a synthetic model's evaluation log (`evaluation_log: FILE`).

Every fold of every complete trial must have been evaluated to the end, and a fold
evaluated more than once is allowed only when its earlier evaluation was cut off by an
interruption: it started before one and had not ended, or ended less than IN_TRANSIT_SECONDS
before it. Its result was then still on its way to the checkpoint, waiting in the
coordinator's inbox while it asked the optimizer (seconds on a loaded 2-core machine).
An interruption's time is taken just before the signal is sent, and processes keep running
until it is delivered, so an evaluation that starts up to DELIVERY_SECONDS later still counts
as running at it.
"""
import collections
import os
import csv

IN_TRANSIT_SECONDS = 3.0
DELIVERY_SECONDS = 0.5


def complete_trials(history_csv):
    """The trial ids of a `fermata report --history-csv` export."""
    with open(history_csv) as f:
        return [int(row["trial"]) for row in csv.DictReader(f)]


def read_evaluations(log):
    """(trial, fold) -> [(start, end or None)]: a worker process evaluates one fold at a time,
    so its start and end lines pair up."""
    evaluations = collections.defaultdict(list)
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
                    raise ValueError(f"malformed log: {line.strip()} ends {started_key}")
                evaluations[key].append((started, when))
    for key, started in open_by_pid.values():
        evaluations[key].append((started, None))
    return evaluations


def check(log, complete, folds, interruptions):
    """(evaluations, repeated, unexplained messages) for the complete trials."""
    evaluations = read_evaluations(log)

    def cut(start, end):
        return any(start < t + DELIVERY_SECONDS and (end is None or end > t - IN_TRANSIT_SECONDS)
                   for t in interruptions)

    repeated, unexplained = 0, []
    for trial in complete:
        for fold in range(folds):
            runs = sorted(evaluations[(trial, fold)], key=lambda r: r[0])
            if not any(end is not None for _, end in runs):
                unexplained.append(f"trial {trial} fold {fold}: never evaluated to the end")
                continue
            for start, end in runs[:-1]:
                repeated += 1
                if not cut(start, end):
                    unexplained.append(
                        f"trial {trial} fold {fold}: evaluated again although its evaluation "
                        f"at {start:.3f}-{end} was not running at any interruption")
    total = sum(len(v) for v in evaluations.values())
    return total, repeated, unexplained


def fold_in_flight(evaluation_log):
    """The start time of the newest cross-validation fold that has started and not ended
    (the workers' own log), or None. Test-set evaluations (fold -1) do not count."""
    if not os.path.exists(evaluation_log):
        return None
    running = {}
    with open(evaluation_log) as f:
        for line in f:
            fields = line.split()
            if len(fields) != 5 or int(fields[2]) < 0:
                continue  # a line being written, or a test-set evaluation
            key = (fields[1], fields[2])
            if fields[0] == "start":
                running[key] = float(fields[3])
            else:
                running.pop(key, None)
    return max(running.values(), default=None)
