#!/usr/bin/env python3
"""`fermata report CKPT --json` validates against the report's JSON Schema (draft 2020-12)
and agrees with the text report, for a finished run and for an interrupted one.

1. A synthetic run on 2 local workers whose patience criterion stops it: the JSON must
   validate, say "stopped" at the trial where the acting criterion first said stop, and give
   the text report's trial counts, best trial, best value, test error and configuration.
   `--html FILE` writes a page and still prints the text report; with `--json` too, stdout
   is the JSON alone. An unwritable --html path exits 1 naming the path.
2. The same model with 1 s folds, interrupted by SIGTERM once 3 trials are complete: exit
   75, and the JSON must validate, say "incomplete", list the unfinished trials with their
   folds done, and show the folds in flight as running on the workers' timeline.

  report_json_test.py FERMATA SCHEMA_JSON WORK_DIR
"""
import argparse
import json
import math
import os
import re
import signal
import subprocess
import sys
import time

import jsonschema

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from evaluation_check import fold_in_flight  # noqa: E402
from text_report import complete_trials, parse_trial_counts  # noqa: E402

JOB = """name: report-{name}
seed: 11
cv: {{folds: 3}}
model:
  kind: synthetic
  fixed: {{function: mixed, noise: 0.01, seconds: {seconds}, evaluation_log: {log}}}
space:
  x: {{type: float, low: 0, high: 1}}
  y: {{type: float, low: 0, high: 1}}
  n: {{type: int, low: 1, high: 10}}
  kind: {{type: categorical, choices: [a, b, c]}}
optimizer: {{kind: bo, initial_trials: 5}}
budget: {{max_trials: {max_trials}}}
stopping:
  criterion: {criterion}
  min_trials: 5
  patience: 3
  monitor: [regret-bound, emmr]
checkpoint: {{path: {checkpoint}}}
"""

EXIT_INTERRUPTED = 75
COMPLETE_BEFORE_SIGNAL = 3
SIGNAL_WITHIN = 0.5  # seconds after a fold started; folds take 1 s
FIRST_TRIALS_TIMEOUT = 120.0
BEST_LINE = re.compile(r"^best\s+trial (\d+): mean CV error (\S+)$", re.MULTILINE)
TEST_LINE = re.compile(r"^test error (\S+)$", re.MULTILINE)
STOPPED_LINE = re.compile(r"^stopped\s+(.*) \((\S+)\)$", re.MULTILINE)

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def reject_constant(name):
    raise ValueError(f"the JSON holds {name}, which is not JSON")


def fermata(args, *extra, **kwargs):
    return subprocess.run([args.fermata, *extra], capture_output=True, text=True, **kwargs)


def json_report(args, checkpoint):
    """The --json report, parsed strictly (NaN and Infinity are errors), and validated."""
    out = fermata(args, "report", checkpoint, "--json")
    if out.returncode != 0:
        sys.exit(f"FAILED: fermata report --json exited {out.returncode}: {out.stderr}")
    doc = json.loads(out.stdout, parse_constant=reject_constant)
    schema = json.load(open(args.schema))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=str)
    for error in errors[:10]:
        failures.append(f"{checkpoint}: schema: {'/'.join(map(str, error.absolute_path))}: "
                        f"{error.message}")
    return doc


def text_report(args, checkpoint):
    out = fermata(args, "report", checkpoint)
    if out.returncode != 0:
        sys.exit(f"FAILED: fermata report exited {out.returncode}: {out.stderr}")
    return out.stdout


def write_job(args, name, seconds, max_trials, criterion):
    checkpoint = os.path.join(args.work_dir, f"{name}.h5")
    job = os.path.join(args.work_dir, f"{name}.yaml")
    for path in (checkpoint, checkpoint + ".tmp", checkpoint + ".prev", evaluation_log(args, name)):
        if os.path.exists(path):
            os.remove(path)
    with open(job, "w") as out:
        out.write(JOB.format(name=name, seconds=seconds, max_trials=max_trials,
                             criterion=criterion, checkpoint=checkpoint,
                             log=evaluation_log(args, name)))
    return job, checkpoint


def evaluation_log(args, name):
    """The synthetic model's log of fold starts and ends: it says when a fold is in flight."""
    return os.path.join(args.work_dir, f"{name}.evaluations")


def agrees_with_text(doc, text, where):
    """The JSON's counts, best trial, value, test error and configuration are the text's."""
    trials = parse_trial_counts(text)
    if not check(trials, f"{where}: no trials line in the text report:\n{text}"):
        return
    complete, failed, unfinished = trials
    counts = doc["status"]["trials"]
    check(counts["complete"] == complete, f"{where}: complete {counts['complete']} != {complete}")
    check(counts["failed"] == failed, f"{where}: failed {counts['failed']} != {failed}")
    check(counts["pending"] + counts["running"] == unfinished,
          f"{where}: pending + running {counts['pending'] + counts['running']} != {unfinished}")
    check(len(doc["trials"]) == counts["total"], f"{where}: {len(doc['trials'])} trials listed")
    check(len(doc["progress"]) == complete, f"{where}: progress has {len(doc['progress'])}")
    best = BEST_LINE.search(text)
    if not check(best, f"{where}: no best line in the text report:\n{text}"):
        return
    trial, value = int(best.group(1)), float(best.group(2))
    check(doc["best"]["trial"] == trial, f"{where}: best trial {doc['best']['trial']} != {trial}")
    check(math.isclose(doc["best"]["value"], value, rel_tol=1e-5, abs_tol=1e-9),
          f"{where}: best value {doc['best']['value']} != {value}")
    check(doc["progress"][-1]["best_trial"] == trial, f"{where}: best so far ends elsewhere")
    test = TEST_LINE.search(text)
    if test:
        check(math.isclose(doc["best"]["test_error"], float(test.group(1)), rel_tol=1e-5),
              f"{where}: test error {doc['best']['test_error']} != {test.group(1)}")
    for name, value in doc["best"]["params"].items():
        shown = re.search(rf"^  {re.escape(name)}\s+(\S+)$", text, re.MULTILINE)
        if not check(shown, f"{where}: parameter {name} not in the text report"):
            continue
        if isinstance(value, str) or isinstance(value, int):
            check(str(value) == shown.group(1), f"{where}: {name} {value} != {shown.group(1)}")
        else:
            check(math.isclose(value, float(shown.group(1)), rel_tol=1e-5),
                  f"{where}: {name} {value} != {shown.group(1)}")


def finished_run(args):
    job, checkpoint = write_job(args, "finished", 0, 40, "patience")
    run = fermata(args, "run", job, "--local-workers", "2", "--quiet", cwd=args.work_dir,
                  timeout=240)
    if run.returncode != 0:
        sys.exit(f"FAILED: the finished run exited {run.returncode}: {run.stderr[-2000:]}")
    doc = json_report(args, checkpoint)
    text = text_report(args, checkpoint)
    agrees_with_text(doc, text, "finished run")
    check(doc["schema"] == "fermata.report/1", f"schema is {doc['schema']!r}")
    check(doc["status"]["state"] == "stopped",
          f"finished run: state {doc['status']['state']!r}, expected the patience criterion to "
          f"stop 40 trials early")
    stopped = STOPPED_LINE.search(text)
    if check(stopped, f"finished run: no stopped line in the text report:\n{text}"):
        check(doc["status"]["reason"] == stopped.group(1),
              f"reason {doc['status']['reason']!r} != {stopped.group(1)!r}")
        check(doc["criterion"]["recorded"] == stopped.group(2),
              f"criterion {doc['criterion']['recorded']!r} != {stopped.group(2)!r}")
    criterion = doc["criterion"]
    acting = doc["criteria"][0]
    check(acting["acting"] and acting["label"] == "patience", f"acting criterion {acting}")
    check([c["label"] for c in doc["criteria"][1:]] == ["regret-bound", "emmr"],
          f"monitors {[c['label'] for c in doc['criteria'][1:]]}")
    check(criterion["stop_n_trials"] is not None
          and criterion["stop_n_trials"] == acting["first_stop_n_trials"],
          f"stop at {criterion['stop_n_trials']}, acting first stop {acting['first_stop_n_trials']}")
    check(all(len(column) == criterion["rows"] for column in criterion["history"].values()),
          "history columns of unequal length")
    check(any(r is not None for r in criterion["history"]["regret-bound.regret_bound"]),
          "the monitored regret bound has no value")
    check(doc["pending_trials"] == [], f"pending trials {doc['pending_trials']}")
    check(0 < len(doc["best_trials"]) <= 10, f"{len(doc['best_trials'])} best trials")
    lanes = [lane["rank"] for lane in doc["workers"]["lanes"]]
    check(len(lanes) == 2 and None not in lanes, f"worker lanes {lanes}")
    check(isinstance(doc["best"]["params"]["kind"], str), "a categorical is not its choice")
    check(isinstance(doc["best"]["params"]["n"], int), "an int parameter is not an integer")

    page = os.path.join(args.work_dir, "finished.html")
    if os.path.exists(page):
        os.remove(page)
    with_html = fermata(args, "report", checkpoint, "--html", page)
    check(with_html.returncode == 0 and with_html.stdout == text,
          f"--html alone: exit {with_html.returncode}, and stdout is not the text report")
    check(os.path.exists(page) and 'id="chart-trials"' in open(page).read(),
          "--html wrote no page with the trials chart")
    both = fermata(args, "report", checkpoint, "--json", "--html", page)
    check(both.returncode == 0 and json.loads(both.stdout)["best"] == doc["best"],
          "--json --html: stdout is not the JSON report alone")
    bad = os.path.join(args.work_dir, "no-such-dir", "page.html")
    unwritable = fermata(args, "report", checkpoint, "--html", bad)
    check(unwritable.returncode == 1 and bad in unwritable.stderr,
          f"--html {bad}: exit {unwritable.returncode}, stderr {unwritable.stderr!r}")
    return doc["status"]["trials"]["complete"], doc["criterion"]["stop_n_trials"]


def interrupted_run(args):
    job, checkpoint = write_job(args, "interrupted", 1, 50, "none")
    log = open(os.path.join(args.work_dir, "interrupted.out"), "w")
    run = subprocess.Popen([args.fermata, "run", job, "--local-workers", "2", "--quiet"],
                           cwd=args.work_dir, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + FIRST_TRIALS_TIMEOUT
        while complete_trials(args.fermata, checkpoint) < COMPLETE_BEFORE_SIGNAL:
            if run.poll() is not None:
                sys.exit(f"FAILED: the run exited {run.returncode} before "
                         f"{COMPLETE_BEFORE_SIGNAL} trials completed")
            if time.monotonic() > deadline:
                sys.exit(f"FAILED: fewer than {COMPLETE_BEFORE_SIGNAL} complete trials after "
                         f"{FIRST_TRIALS_TIMEOUT} s")
            time.sleep(0.2)
        # Signal just after a fold started, so that it is still in flight when the signal
        # lands, however loaded the machine: a signal between folds leaves nothing pending.
        log_path = evaluation_log(args, "interrupted")
        while (fold_in_flight(log_path) or 0) <= time.time() - SIGNAL_WITHIN:
            if run.poll() is not None or time.monotonic() > deadline:
                sys.exit("FAILED: no fold started before the run ended or the deadline")
            time.sleep(0.05)
        run.send_signal(signal.SIGTERM)
        code = run.wait(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    check(code == EXIT_INTERRUPTED, f"interrupted run: exit {code}, expected {EXIT_INTERRUPTED}")
    doc = json_report(args, checkpoint)
    agrees_with_text(doc, text_report(args, checkpoint), "interrupted run")
    check(doc["status"]["state"] == "incomplete", f"state {doc['status']['state']!r}")
    pending = doc["pending_trials"]
    check(len(pending) > 0, "an interrupted run lists no pending trials")
    for p in pending:
        check(p["state"] in ("pending", "running") and p["folds"] == 3 and p["folds_done"] < 3,
              f"pending trial {p}")
    unfinished = {t["id"] for t in doc["trials"] if t["state"] in ("pending", "running")}
    check({p["trial"] for p in pending} == unfinished, "pending_trials != unfinished trials")
    running = [s for lane in doc["workers"]["lanes"] for s in lane["segments"]
               if s["state"] == "running"]
    check(len(running) > 0, "no fold in flight at the signal shows as running")
    for s in running:
        check(s["trial"] in unfinished, f"running fold of a finished trial: {s}")
        check(s["end_utc"] == doc["study"]["updated_utc"], f"running fold {s} ends elsewhere")
    return doc["status"]["trials"]["complete"], len(pending), len(running)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("fermata")
    parser.add_argument("schema")
    parser.add_argument("work_dir")
    args = parser.parse_args()
    args.fermata = os.path.abspath(args.fermata)  # the runs start in the work directory
    os.makedirs(args.work_dir, exist_ok=True)
    jsonschema.Draft202012Validator.check_schema(json.load(open(args.schema)))

    complete, stop_at = finished_run(args)
    done, pending, running = interrupted_run(args)
    print(f"finished run: {complete} complete trials, stopped at {stop_at}")
    print(f"interrupted run: {done} complete, {pending} pending trials, {running} running folds")
    if failures:
        sys.exit("FAILED:\n" + "\n".join(failures))
    print("both reports validate against the schema and agree with the text report")


if __name__ == "__main__":
    main()
