#!/usr/bin/env python3
"""The HTML report of real runs renders in headless Chromium, with every chart drawn.

1. A finished run: XGBoost on a generated table with a held-out test set, 3 MPI workers,
   the regret-bound criterion with two monitors. Its report must load without console
   errors or requests for anything but the page itself, and show: a point per complete
   trial, the best-so-far and test-error lines, the regret bound and statistical error
   lines, one decision row per criterion, one timeline lane per worker with a bar per fold,
   and the best-trials table.
2. An interrupted run (SIGTERM, exit 75) with 2 s folds on 2 workers, signalled just after
   a fold started (the synthetic model's evaluation log tells when): its report must render
   too, and show the trials left pending, the folds cut by the signal as running bars on
   their workers' lanes, and the pending-trials table.

3. Hostile names: a job whose name, parameter name, categorical choices and failure messages
   (a command model's stderr) hold <script> and <img onerror> markup, quotes and '&'. No
   script of theirs may run, and the page must show them as typed.

Each page is saved as a full-page PNG screenshot in WORK_DIR, which must not be blank.

  report_browser_test.py FERMATA MPIRUN_SH WORK_DIR
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from headless_chromium import HeadlessChromium, png_colours  # noqa: E402
from evaluation_check import fold_in_flight  # noqa: E402
from text_report import complete_trials, trial_counts  # noqa: E402

FINISHED_JOB = """name: report-browser-finished
seed: 3
data:
  generate: {{kind: classification, rows: 600, features: 8, informative: 4, classes: 2,
             label_noise: 0.05}}
  task: classification
  test_fraction: 0.2
cv: {{folds: 3, stratified: true}}
model: {{kind: xgboost, threads: 1}}
space:
  n_estimators:  {{type: int,   low: 4,    high: 64, log: true}}
  learning_rate: {{type: float, low: 1e-2, high: 1.0, log: true}}
  max_depth:     {{type: int,   low: 1,    high: 6}}
optimizer: {{kind: bo, initial_trials: 6}}
budget: {{max_trials: 24}}
stopping:
  criterion: regret-bound
  min_trials: 8
  monitor: [patience(patience=5), ei-threshold]
checkpoint: {{path: {checkpoint}}}
"""

INTERRUPTED_JOB = """name: report-browser-interrupted
seed: 5
cv: {{folds: 3}}
model:
  kind: synthetic
  fixed: {{function: branin, seconds: 2, evaluation_log: {log}}}
space:
  x1: {{type: float, low: -5, high: 10}}
  x2: {{type: float, low: 0, high: 15}}
optimizer: {{kind: bo, initial_trials: 4}}
budget: {{max_trials: 40}}
stopping: {{criterion: regret-bound, min_trials: 4}}
checkpoint: {{path: {checkpoint}}}
"""

EXIT_INTERRUPTED = 75
WORKERS = 3
FOLDS = 3
INTERRUPTED_WORKERS = 2
# The signal goes out while a cross-validation fold has run for at most this long, so that
# it is still running when the signal arrives (forwarding through mpirun can take most of
# a second on a loaded machine).
SIGNAL_WITHIN = 0.5

# Everything the page must contain, counted in the browser: selector -> count.
COUNT_ELEMENTS = """JSON.stringify(Object.fromEntries([
  '#summary', '#chart-trials', '#chart-criterion', '#chart-decisions', '#chart-workers',
  '#chart-trials .trial-point', '#chart-trials .best-so-far', '#chart-trials .test-error',
  '#chart-trials .pending-trial', '#chart-trials .axis',
  '#chart-criterion .regret-bound', '#chart-criterion .statistical-error',
  '#chart-criterion .stop-marker', '#chart-decisions .decision-row',
  '#chart-workers .worker-lane', '#chart-workers .fold-bar', '#chart-workers .fold-bar.running',
  '#best-trials tbody tr', '#pending-trials tbody tr'
].map(s => [s, document.querySelectorAll(s).length])))"""

# Each chart's drawn size, and the length of each line a chart draws (0 if not drawn).
GEOMETRY = """JSON.stringify({
  charts: Object.fromEntries(['chart-trials', 'chart-criterion', 'chart-decisions',
      'chart-workers'].map(id => {
    const r = document.getElementById(id).getBoundingClientRect();
    return [id, [r.width, r.height]]; })),
  lines: Object.fromEntries(['#chart-trials .best-so-far', '#chart-trials .test-error',
      '#chart-criterion .regret-bound', '#chart-criterion .statistical-error'].map(s => {
    const p = document.querySelector(s);
    return [s, p && p.getTotalLength ? p.getTotalLength() : 0]; })),
  summary: document.getElementById('summary').innerText
})"""


# Every string a user or a model controls, carrying markup that would run if not escaped.
HOSTILE_NAME = """<script>window.__pwned='name'</script> & "q" 'x'"""
HOSTILE_JOB = r"""name: "<script>window.__pwned='name'</script> & \"q\" 'x'"
seed: 1
data: {{generate: {{kind: regression, rows: 40, features: 2, informative: 2}}, test_fraction: 0}}
cv: {{folds: 2}}
model:
  kind: command
  command: [/bin/sh, -c, 'case "$1" in *img*) echo "<img src=x onerror=window.__pwned=3> & \"bad\"" >&2; exit 1;; *) echo 0.$2;; esac', sh, "{{<b>kind<b>}}", "{{fold}}"]
space:
  "<b>kind<b>": {{type: categorical, choices: ["<script>window.__pwned='choice'</script>", "<img src=x onerror=window.__pwned='img'>", "a&b \"q\""]}}
optimizer: {{kind: random}}
budget: {{max_trials: 8}}
runtime: {{max_retries: 0}}
stopping: {{criterion: none}}
checkpoint: {{path: {checkpoint}}}
"""


def write_html(fermata, checkpoint, html):
    result = subprocess.run([fermata, "report", checkpoint, "--html", html],
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"FAILED: fermata report --html exited {result.returncode}: {result.stderr}")
    return result.stdout


def render(html, screenshot):
    """Loads the page; returns (element counts, geometry, console errors, screenshot size)."""
    import json
    with HeadlessChromium() as browser:
        page = browser.open("file://" + os.path.abspath(html))
        counts = json.loads(page.evaluate(COUNT_ELEMENTS))
        geometry = json.loads(page.evaluate(GEOMETRY))
        size = page.screenshot(screenshot)
        errors = page.console_errors
    return counts, geometry, errors, size


class Checks:
    def __init__(self, name):
        self.name, self.failures = name, []

    def expect(self, ok, what):
        print(f"  [{'ok' if ok else 'FAILED'}] {what}")
        if not ok:
            self.failures.append(f"{self.name}: {what}")


def check_page(checks, counts, geometry, errors, size, screenshot):
    checks.expect(not errors, f"no console errors or external requests (found {errors})")
    for chart, (width, height) in geometry["charts"].items():
        checks.expect(width >= 300 and height >= 100,
                      f"{chart} is drawn at {width:.0f}x{height:.0f} px (>= 300x100)")
    checks.expect(counts["#summary"] == 1, "the summary section is there")
    checks.expect(counts["#chart-trials .axis"] >= 2, "the trials chart has axes")
    colours = png_colours(screenshot)
    checks.expect(size[0] == 1280 and size[1] >= 900 and colours >= 16,
                  f"the screenshot {screenshot} is {size[0]}x{size[1]} px with {colours} "
                  "colours (not blank)")


def finished_run(args):
    checks = Checks("finished run")
    checkpoint = os.path.join(args.work_dir, "finished.h5")
    job = os.path.join(args.work_dir, "finished.yaml")
    with open(job, "w") as out:
        out.write(FINISHED_JOB.format(checkpoint=checkpoint))
    run = subprocess.run([args.mpirun_sh, "-n", str(WORKERS + 1), args.fermata, "run", job,
                          "--quiet"], capture_output=True, text=True, timeout=600)
    if run.returncode != 0:
        sys.exit(f"FAILED: the finished run exited {run.returncode}:\n{run.stderr}")
    complete, failed, unfinished = trial_counts(args.fermata, checkpoint)
    text = write_html(args.fermata, checkpoint, os.path.join(args.work_dir, "finished.html"))
    # The text report has a "stopped" line for a criterion's stop and for a spent budget;
    # the chart marks either.
    stop = re.search(r"^stopped\s+(.*)$", text, re.M)
    stopped = stop is not None
    print(f"finished run: {complete} complete, {failed} failed, {unfinished} unfinished; "
          f"stopped: {stop.group(1) if stop else 'no'}")
    screenshot = os.path.join(args.work_dir, "finished.png")
    counts, geometry, errors, size = render(os.path.join(args.work_dir, "finished.html"),
                                            screenshot)
    check_page(checks, counts, geometry, errors, size, screenshot)
    checks.expect(counts["#chart-trials .trial-point"] == complete,
                  f"one point per complete trial ({counts['#chart-trials .trial-point']} "
                  f"for {complete})")
    for line in ("#chart-trials .best-so-far", "#chart-trials .test-error",
                 "#chart-criterion .regret-bound", "#chart-criterion .statistical-error"):
        checks.expect(geometry["lines"][line] > 50,
                      f"{line} is a drawn line ({geometry['lines'][line]:.0f} px long)")
    checks.expect(counts["#chart-criterion .stop-marker"] == (1 if stopped else 0),
                  f"the stop is marked exactly when the run stopped "
                  f"({counts['#chart-criterion .stop-marker']} markers, stopped={stopped})")
    checks.expect(counts["#chart-decisions .decision-row"] == 3,
                  f"a decision row for the criterion and each of its 2 monitors "
                  f"({counts['#chart-decisions .decision-row']})")
    checks.expect(counts["#chart-workers .worker-lane"] == WORKERS,
                  f"one timeline lane per worker ({counts['#chart-workers .worker-lane']})")
    checks.expect(counts["#chart-workers .fold-bar"] >= complete * FOLDS,
                  f"a bar per evaluated fold ({counts['#chart-workers .fold-bar']} for "
                  f"{complete} trials x {FOLDS} folds)")
    checks.expect(counts["#chart-workers .fold-bar.running"] == 0, "no fold is running")
    checks.expect(counts["#best-trials tbody tr"] == min(10, complete),
                  f"the best-trials table lists the best {min(10, complete)} "
                  f"({counts['#best-trials tbody tr']})")
    checks.expect(counts["#chart-trials .pending-trial"] == 0 and
                  counts["#pending-trials tbody tr"] == 0, "no trial is shown as pending")
    return checks.failures


def interrupted_run(args):
    checks = Checks("interrupted run")
    checkpoint = os.path.join(args.work_dir, "interrupted.h5")
    job = os.path.join(args.work_dir, "interrupted.yaml")
    evaluation_log = os.path.join(args.work_dir, "interrupted.evaluations")
    with open(job, "w") as out:
        out.write(INTERRUPTED_JOB.format(checkpoint=checkpoint, log=evaluation_log))
    log = open(os.path.join(args.work_dir, "interrupted.out"), "w")
    run = subprocess.Popen([args.mpirun_sh, "-n", str(INTERRUPTED_WORKERS + 1), args.fermata,
                            "run", job],
                           stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 180

    def wait_until(ready, what):
        while not ready():
            if run.poll() is not None or time.monotonic() > deadline:
                run.kill()
                sys.exit(f"FAILED: {what} before the run ended or 180 s passed "
                         f"(exit {run.poll()}); see {log.name}")
            time.sleep(0.05)

    wait_until(lambda: complete_trials(args.fermata, checkpoint) >= 4,
               "no 4 complete trials")
    # A fold that started just now is still running when the signal arrives: its trial is
    # unfinished and the fold is cut.
    wait_until(lambda: (fold_in_flight(evaluation_log) or 0) > time.time() - SIGNAL_WITHIN,
               "no fold started")
    run.send_signal(signal.SIGTERM)
    code = run.wait(timeout=60)
    checks.expect(code == EXIT_INTERRUPTED, f"SIGTERM ends the run with exit 75 (got {code})")
    complete, failed, unfinished = trial_counts(args.fermata, checkpoint)
    print(f"interrupted run: {complete} complete, {failed} failed, {unfinished} unfinished")
    checks.expect(unfinished >= 1, f"the checkpoint holds unfinished trials ({unfinished})")
    html = os.path.join(args.work_dir, "interrupted.html")
    write_html(args.fermata, checkpoint, html)
    screenshot = os.path.join(args.work_dir, "interrupted.png")
    counts, geometry, errors, size = render(html, screenshot)
    check_page(checks, counts, geometry, errors, size, screenshot)
    checks.expect(counts["#chart-trials .trial-point"] == complete,
                  f"one point per complete trial ({counts['#chart-trials .trial-point']} "
                  f"for {complete})")
    checks.expect(counts["#chart-trials .pending-trial"] == unfinished,
                  f"each unfinished trial is marked pending "
                  f"({counts['#chart-trials .pending-trial']} for {unfinished})")
    checks.expect(counts["#pending-trials tbody tr"] == unfinished,
                  f"the pending-trials table lists them ({counts['#pending-trials tbody tr']})")
    checks.expect(counts["#chart-workers .worker-lane"] == INTERRUPTED_WORKERS,
                  f"one lane per worker, the folds in flight included "
                  f"({counts['#chart-workers .worker-lane']})")
    checks.expect(counts["#chart-workers .fold-bar.running"] >= 1,
                  f"folds cut by the signal show as running bars "
                  f"({counts['#chart-workers .fold-bar.running']})")
    checks.expect("incomplete" in geometry["summary"].lower() or
                  "interrupted" in geometry["summary"].lower(),
                  "the summary says the run is incomplete")
    return checks.failures


def hostile_run(args):
    import json
    checks = Checks("hostile names")
    checkpoint = os.path.join(args.work_dir, "hostile.h5")
    job = os.path.join(args.work_dir, "hostile.yaml")
    with open(job, "w") as out:
        out.write(HOSTILE_JOB.format(checkpoint=checkpoint))
    run = subprocess.run([args.fermata, "run", job, "--local-workers", "2", "--quiet"],
                         capture_output=True, text=True, timeout=300)
    if run.returncode != 0:
        sys.exit(f"FAILED: the hostile run exited {run.returncode}:\n{run.stderr}")
    complete, failed, _ = trial_counts(args.fermata, checkpoint)
    html = os.path.join(args.work_dir, "hostile.html")
    write_html(args.fermata, checkpoint, html)
    with HeadlessChromium() as browser:
        page = browser.open("file://" + os.path.abspath(html))
        pwned = page.evaluate("String(window.__pwned)")
        text = json.loads(page.evaluate("JSON.stringify(document.body.innerText)"))
        errors = page.console_errors
    checks.expect(complete > 0 and failed > 0,
                  f"the run has complete and failed trials ({complete}, {failed})")
    checks.expect(pwned == "undefined", f"no script of the job's ran (window.__pwned={pwned})")
    checks.expect(not errors, f"no console errors or external requests (found {errors})")
    for shown in (HOSTILE_NAME, "<b>kind<b>", "<img src=x onerror=window.__pwned=3> & \"bad\""):
        checks.expect(shown in text, f"the page shows {shown!r} as typed")
    return checks.failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("fermata")
    parser.add_argument("mpirun_sh")
    parser.add_argument("work_dir")
    args = parser.parse_args()
    os.makedirs(args.work_dir, exist_ok=True)
    for name in os.listdir(args.work_dir):
        os.remove(os.path.join(args.work_dir, name))
    failures = finished_run(args) + interrupted_run(args) + hostile_run(args)
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    print(f"passed: screenshots in {args.work_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
