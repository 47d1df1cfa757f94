"""Counts fold evaluations from a synthetic model's evaluation log (`evaluation_log: FILE`).

Every fold of every complete trial must have been evaluated to the end, and a fold may be
evaluated again only as often as an interruption cut it short, which the tests know
exactly, without any timing: at a stop signal the coordinator logs the folds it leaves
running ("... run again on resume: trial 7 fold 2, ..."), and after a SIGKILL the checkpoint
left behind shows which of the folds that run evaluated never reached it.
"""
import collections
import csv
import json
import os
import re
import subprocess

CUT_SHORT_LINE = re.compile(r"run again on resume: (.*)$", re.MULTILINE)
CUT_SHORT_FOLD = re.compile(r"trial (\d+) fold (\d+)")


def complete_trials(history_csv):
    """The trial ids of a `fermata report --history-csv` export."""
    with open(history_csv) as f:
        return [int(row["trial"]) for row in csv.DictReader(f)]


def read_evaluations(log):
    """(trial, fold) -> [(start, end or None, pid)]: a worker process evaluates one fold at a
    time, so its start and end lines pair up."""
    evaluations = collections.defaultdict(list)
    open_by_pid = {}
    with open(log) as f:
        for line in f:
            event, trial, fold, when, pid = line.split()
            key, when = (int(trial), int(fold)), float(when)
            if event == "start":
                if pid in open_by_pid:  # its previous evaluation never ended
                    evaluations[open_by_pid[pid][0]].append((open_by_pid[pid][1], None, pid))
                open_by_pid[pid] = (key, when)
            else:
                started_key, started = open_by_pid.pop(pid)
                if started_key != key:
                    raise ValueError(f"malformed log: {line.strip()} ends {started_key}")
                evaluations[key].append((started, when, pid))
    for pid, (key, started) in open_by_pid.items():
        evaluations[key].append((started, None, pid))
    return evaluations


def cut_short_by_signals(output):
    """(trial, fold) -> how many times the coordinator's log says it left that fold running
    at a stop signal (its lines in `output`, the text of one or more runs)."""
    counts = collections.Counter()
    for folds in CUT_SHORT_LINE.findall(output):
        for trial, fold in CUT_SHORT_FOLD.findall(folds):
            counts[(int(trial), int(fold))] += 1
    return counts


def recorded_folds(fermata, checkpoint):
    """{(trial, fold)} with a fold error in the checkpoint; empty when there is none yet."""
    if not os.path.exists(checkpoint):
        return set()
    report = subprocess.run([fermata, "report", checkpoint, "--json"], capture_output=True,
                            text=True)
    if report.returncode != 0:
        raise RuntimeError(f"cannot read {checkpoint}: {report.stderr}")
    recorded = set()
    for trial in json.loads(report.stdout)["trials"]:
        for fold, error in enumerate(trial["fold_errors"]):
            if error is not None:
                recorded.add((trial["id"], fold))
    return recorded


class KillLedger:
    """Folds a SIGKILLed run evaluated (its processes are the pids new to the log) whose
    results are not in the checkpoint it left: those, and only those, may run again."""

    def __init__(self, log):
        self.log = log
        self.seen_pids = set()
        self.allowed = collections.Counter()

    def after_kill(self, fermata, checkpoint):
        """Call once the killed run's processes are gone and before the next run starts."""
        recorded = recorded_folds(fermata, checkpoint)
        evaluations = read_evaluations(self.log) if os.path.exists(self.log) else {}
        pids = set()
        for key, runs in evaluations.items():
            for _, _, pid in runs:
                pids.add(pid)
                if pid not in self.seen_pids and key[1] >= 0 and key not in recorded:
                    self.allowed[key] += 1
        self.seen_pids |= pids


def check(log, complete, folds, allowed_repeats):
    """(evaluations, repeated, unexplained messages) for the complete trials, where
    allowed_repeats[(trial, fold)] says how often an interruption cut that fold short."""
    evaluations = read_evaluations(log)
    repeated, unexplained = 0, []
    for trial in complete:
        for fold in range(folds):
            runs = sorted(evaluations[(trial, fold)])
            if not any(end is not None for _, end, _ in runs):
                unexplained.append(f"trial {trial} fold {fold}: never evaluated to the end")
                continue
            repeats = len(runs) - 1
            repeated += repeats
            if repeats > allowed_repeats[(trial, fold)]:
                shown = ", ".join(f"{start:.3f}-{end} (pid {pid})" for start, end, pid in runs)
                unexplained.append(
                    f"trial {trial} fold {fold}: evaluated {len(runs)} times ({shown}), but "
                    f"interruptions cut it short only {allowed_repeats[(trial, fold)]} times")
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
