#!/usr/bin/env python3
"""The termination benchmark (DESIGN.md §5.4, the paper's Table 3): does stopping with the
regret-bound criterion cost test accuracy, and how much training time does it save, against
the usual rules?

For each (model, dataset, seed) it runs one full-budget study with a 20% held-out test set,
10-fold cross-validation and `stopping.criterion: none` (so every criterion can be judged on
the same run); then `termination_eval` computes, from the checkpoints alone, where each
criterion would have stopped, its RYC and its RTC. It prints, per model and criterion, the
mean and standard deviation of RTC and RYC and how many runs stopped before the budget, and
writes the per-run rows to CSV.

  termination_bench.py --fermata build/fermata --eval build/tests/bench/termination/termination_eval
      [--data-dir ../shared/data] [--datasets phoneme,529_pollen,credit_g,churn]
      [--models xgboost,random_forest] [--seeds 1,2,3] [--budget 100] [--workers 2]
      [--workdir DIR] [--csv rows.csv] [--smoke]

Runs are resumable: a run whose checkpoint exists is continued with --resume (a finished one
returns at once), so an interrupted benchmark picks up where it stopped. --smoke runs one
small study on generated data (no data folder needed) and checks that the table has every
criterion and that evaluating the same checkpoints twice gives identical rows.
"""
import argparse
import csv
import math
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "support"))
from machine import machine_description  # noqa: E402

# The paper's search spaces (Makarova et al. 2022): XGBoost's 9 parameters and the random
# forest's 3, as in jobs/xgboost-optdigits.yaml and jobs/random-forest-magic.yaml.
SPACES = {
    "xgboost": """\
  n_estimators:     {type: int,   low: 2,    high: 512,  log: true}
  learning_rate:    {type: float, low: 1e-6, high: 1.0,  log: true}
  gamma:            {type: float, low: 1e-6, high: 64.0, log: true}
  min_child_weight: {type: float, low: 1e-6, high: 32.0, log: true}
  max_depth:        {type: int,   low: 2,    high: 32,   log: true}
  subsample:        {type: float, low: 0.5,  high: 1.0}
  colsample_bytree: {type: float, low: 0.3,  high: 1.0}
  reg_lambda:       {type: float, low: 1e-6, high: 2.0,  log: true}
  reg_alpha:        {type: float, low: 1e-6, high: 2.0,  log: true}
""",
    "random_forest": """\
  n_estimators:      {type: int,   low: 1,    high: 256, log: true}
  min_samples_split: {type: float, low: 0.01, high: 0.5, log: true}
  max_depth:         {type: int,   low: 1,    high: 5}
""",
}
# The regression datasets of ../shared/data (its README); the others are classification.
REGRESSION = {"529_pollen", "197_cpu_act", "225_puma8NH", "201_pol", "537_houses",
              "574_house_16H", "564_fried"}


def job_text(model, dataset, seed, args):
    name = f"{model}-{dataset}-s{seed}"
    if dataset == "generated":
        data = """data:
  generate: {kind: classification, rows: 600, features: 8, informative: 4, label_noise: 0.1}
  task: classification
  test_fraction: 0.2"""
        task = "classification"
    else:
        path = os.path.abspath(os.path.join(args.data_dir, dataset, f"{dataset}.tsv.gz"))
        task = "regression" if dataset in REGRESSION else "classification"
        data = f"""data:
  path: {path}
  target: target
  task: {task}
  test_fraction: 0.2"""
    metric = "rmse" if task == "regression" else "error"
    return name, f"""name: {name}
seed: {seed}
{data}
cv:
  folds: {args.folds}
  stratified: {"true" if task == "classification" else "false"}
model:
  kind: {model}
  threads: 1
  metric: {metric}
space:
{SPACES[model]}optimizer:
  kind: bo
budget:
  max_trials: {args.budget}
stopping:
  criterion: none
checkpoint:
  path: {name}.h5
"""


def run_study(model, dataset, seed, args):
    """Runs (or resumes) one full-budget study; returns (checkpoint, wall seconds)."""
    name, text = job_text(model, dataset, seed, args)
    run_dir = os.path.join(args.workdir, name)
    os.makedirs(run_dir, exist_ok=True)
    with open(os.path.join(run_dir, "job.yaml"), "w") as f:
        f.write(text)
    checkpoint = os.path.join(run_dir, f"{name}.h5")
    command = [args.mpirun, "--oversubscribe"]
    if os.geteuid() == 0:
        command.append("--allow-run-as-root")
    command += ["-n", str(args.workers + 1), args.fermata, "run", "job.yaml", "--quiet"]
    if os.path.exists(checkpoint):
        command.append("--resume")
    print(f"run {name}: {shlex.join(command)}", file=sys.stderr, flush=True)
    start = time.monotonic()
    with open(os.path.join(run_dir, "output.txt"), "w") as log:
        result = subprocess.run(command, cwd=run_dir, stdout=log, stderr=subprocess.STDOUT)
    wall = time.monotonic() - start
    if result.returncode != 0:
        sys.exit(f"FAILED: {name} exited {result.returncode}; see {run_dir}/output.txt")
    return checkpoint, wall


def evaluate(checkpoints, csv_path, args):
    subprocess.run([args.eval, "--out", csv_path] + checkpoints, check=True)
    with open(csv_path) as f:
        return list(csv.DictReader(f))


def mean_sd(values):
    if not values:
        return "-"
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.mean(values):+.3f} ± {sd:.3f}"


def table(rows):
    lines = ["| model | criterion | mean RTC ± sd | mean RYC ± sd | stopped before the budget |",
             "|---|---|---|---|---|"]
    keys = []
    for r in rows:
        if (r["model"], r["criterion"]) not in keys:
            keys.append((r["model"], r["criterion"]))
    for model, criterion in keys:
        group = [r for r in rows if r["model"] == model and r["criterion"] == criterion]
        rtc = [float(r["rtc"]) for r in group]
        ryc = [float(r["ryc"]) for r in group if math.isfinite(float(r["ryc"]))]
        stopped = sum(int(r["stopped"]) for r in group)
        lines.append(f"| {model} | {criterion} | {mean_sd(rtc)} | {mean_sd(ryc)} | "
                     f"{stopped} of {len(group)} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fermata", required=True)
    parser.add_argument("--eval", required=True, help="the termination_eval binary")
    parser.add_argument("--mpirun", default="mpirun")
    parser.add_argument("--data-dir", default="../shared/data")
    parser.add_argument("--datasets", default="phoneme,529_pollen,credit_g,churn")
    parser.add_argument("--models", default="xgboost,random_forest")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--budget", type=int, default=100)
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--workdir")
    parser.add_argument("--csv")
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    if args.smoke:
        args.datasets, args.models, args.seeds = "generated", "random_forest", "1"
        args.budget, args.folds = 24, 3
    args.fermata, args.eval = os.path.abspath(args.fermata), os.path.abspath(args.eval)
    args.workdir = os.path.abspath(args.workdir or tempfile.mkdtemp(prefix="fermata-term-"))
    if args.smoke:  # always from scratch: the smoke test checks a whole run
        shutil.rmtree(args.workdir, ignore_errors=True)
    os.makedirs(args.workdir, exist_ok=True)
    csv_path = os.path.abspath(args.csv or os.path.join(args.workdir, "termination.csv"))

    started = time.monotonic()
    checkpoints, walls = [], []
    # Seed by seed, so that an interrupted benchmark has whole seeds to evaluate.
    for seed in args.seeds.split(","):
        for dataset in args.datasets.split(","):
            for model in args.models.split(","):
                checkpoint, wall = run_study(model, dataset, int(seed), args)
                checkpoints.append(checkpoint)
                walls.append(wall)
    study_seconds = time.monotonic() - started
    eval_start = time.monotonic()
    rows = evaluate(checkpoints, csv_path, args)
    eval_seconds = time.monotonic() - eval_start

    print("## Termination: every criterion on the same full-budget runs\n")
    print(f"Machine: {machine_description()}  ")
    print(f"Command: `{shlex.join(sys.argv)}`  ")
    print(f"Runs: models {args.models}; datasets {args.datasets}; seeds {args.seeds}; budget "
          f"{args.budget} trials; {args.folds}-fold CV; 20% test set; {args.workers} workers.  ")
    print(f"Compute: {study_seconds / 60:.1f} min for the studies (this invocation; a resumed "
          f"run counts only what it added), {eval_seconds:.1f} s for the evaluation. "
          f"Rows: {csv_path}\n")
    print(table(rows))
    print("\nRTC: fraction of training time saved; RYC: relative change of the incumbent's test "
          "error (negative: stopping lost accuracy). Spread: standard deviation over runs.")

    if args.smoke:
        criteria = {r["criterion"] for r in rows}
        if len(criteria) < 8 or len(rows) != len(checkpoints) * len(criteria):
            sys.exit(f"FAILED: expected one row per run and criterion, got {len(rows)}")
        again = os.path.join(args.workdir, "again.csv")
        evaluate(checkpoints, again, args)
        with open(csv_path, "rb") as a, open(again, "rb") as b:
            if a.read() != b.read():
                sys.exit("FAILED: evaluating the same checkpoints twice gave different rows")
        for r in rows:
            if not 0 <= float(r["rtc"]) <= 1 or not -1 <= float(r["ryc"]) <= 1:
                sys.exit(f"FAILED: RTC or RYC out of range in {r}")
        print("\nsmoke: every criterion evaluated, identical on a second evaluation")


if __name__ == "__main__":
    main()
