#!/usr/bin/env python3
"""Text feature columns tune as categorical features, and agree with one-hot by hand.

credit-g's integer-coded categorical columns are mapped to words (a CSV with text columns),
and the same table is written with those columns one-hot encoded by hand (numbers only).
Each of xgboost, random_forest and mlp runs the same job on both tables: random search with
one seed, so both runs evaluate the same configurations on the same folds. For every trial
the mean fold errors of the two tables must lie within twice the statistical error of the
text table's trial (DESIGN 5.2 step 6: sqrt((1/k + 1/(k-1)) s^2), s^2 the population variance
of the k fold errors). The text run also logs one line per categorical column and records
its categories under /data/categorical in the checkpoint; the one-hot run records none.

  categorical_test.py FERMATA SOURCE_DIR WORK_DIR      (exits 77 without ../shared/data)
"""
import argparse
import math
import os
import shutil
import subprocess
import sys

import h5py
import numpy as np
import pandas as pd

SKIP = 77
FOLDS = 5
TRIALS = 3
# credit-g's categorical columns (its metadata.yaml), integer codes in the PMLB table.
CATEGORICAL = ["checking_status", "credit_history", "purpose", "savings_status", "employment",
               "personal_status", "other_parties", "property_magnitude", "other_payment_plans",
               "housing", "job", "own_telephone", "foreign_worker"]
WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
         "juliett", "kilo", "lima", "mike", "november"]

MODELS = {
    "xgboost": """model:
  kind: xgboost
  fixed: {n_estimators: 40}
space:
  max_depth: {type: int, low: 2, high: 6}
  learning_rate: {type: float, low: 0.05, high: 0.5, log: true}
""",
    "random_forest": """model:
  kind: random_forest
  fixed: {n_estimators: 40}
space:
  max_depth: {type: int, low: 3, high: 8}
""",
    "mlp": """model:
  kind: mlp
  fixed: {width: 32, epochs: 15, batch_size: 32}
space:
  learning_rate: {type: float, low: 0.001, high: 0.01, log: true}
""",
}

JOB = """name: categorical-{model}-{table}
seed: 18
data:
  path: {path}
  target: target
  test_fraction: 0.2
cv: {{folds: {folds}}}
{model_section}optimizer: {{kind: random}}
budget: {{max_trials: {trials}}}
stopping: {{criterion: none}}
checkpoint: {{path: {checkpoint}}}
"""


def write_tables(source, work):
    """The text table and the one-hot table; returns their paths."""
    frame = pd.read_csv(source, sep="\t")
    text = frame.copy()
    for column in CATEGORICAL:
        codes = text[column].astype(int)
        # A word per code, prefixed so no two columns share a category's text.
        text[column] = [f"{column[:4]}-{WORDS[c]}" for c in codes]
    onehot = pd.get_dummies(text, columns=CATEGORICAL, dtype=int)
    text_path = os.path.join(work, "credit_text.csv")
    onehot_path = os.path.join(work, "credit_onehot.csv")
    text.to_csv(text_path, index=False)
    onehot.to_csv(onehot_path, index=False)
    return text_path, onehot_path


def run(fermata, work, model, table, path):
    folder = os.path.join(work, f"{model}-{table}")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    checkpoint = os.path.join(folder, "run.h5")
    job = os.path.join(folder, "job.yaml")
    with open(job, "w") as out:
        out.write(JOB.format(model=model, table=table, path=path, folds=FOLDS,
                             model_section=MODELS[model], trials=TRIALS, checkpoint=checkpoint))
    out = subprocess.run([fermata, "run", job, "--local-workers", "2", "--progress", "lines"],
                         capture_output=True, text=True, cwd=folder)
    if out.returncode != 0:
        sys.exit(f"FAILED: {model} on the {table} table exited {out.returncode}:\n"
                 f"{out.stdout}\n{out.stderr}")
    return checkpoint, out.stdout + out.stderr


def statistical_error(fold_errors):
    k = len(fold_errors)
    s2 = float(np.var(fold_errors))  # population variance
    return math.sqrt((1.0 / k + 1.0 / (k - 1)) * s2)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("fermata")
    parser.add_argument("source_dir")
    parser.add_argument("work_dir")
    args = parser.parse_args()
    args.fermata = os.path.abspath(args.fermata)
    args.work_dir = os.path.abspath(args.work_dir)
    source = os.path.join(args.source_dir, "..", "shared", "data", "credit_g",
                          "credit_g.tsv.gz")
    if not os.path.exists(source):
        print(f"SKIPPED: credit-g is not at {source} (the shared data sets are missing)")
        return SKIP
    os.makedirs(args.work_dir, exist_ok=True)
    text_path, onehot_path = write_tables(source, args.work_dir)

    failures = []
    print(f"{'model':14} {'trial':>5} {'cv text':>9} {'cv onehot':>9} {'|diff|':>8} "
          f"{'stat err':>8} {'2*stat':>8} {'onehot stat':>13}")
    for model in MODELS:
        text_ckpt, log = run(args.fermata, args.work_dir, model, "text", text_path)
        onehot_ckpt, _ = run(args.fermata, args.work_dir, model, "onehot", onehot_path)
        for column in CATEGORICAL:
            if f"categorical column '{column}'" not in log:
                failures.append(f"{model}: no log line for categorical column '{column}'")
        with h5py.File(text_ckpt, "r") as f:
            recorded = f["data/categorical"]
            for column in CATEGORICAL:
                if column not in recorded:
                    failures.append(f"{model}: /data/categorical/{column} missing")
                    continue
                categories = list(recorded[column]["categories"].asstr()[()])
                if categories != sorted(categories) or not categories:
                    failures.append(f"{model}: {column}: categories {categories}")
                if recorded[column]["in_fold_training"].shape != (FOLDS, len(categories)):
                    failures.append(f"{model}: {column}: in_fold_training shape")
            text_errors = f["trials/fold_error"][:]
            text_params = f["trials/params"][:]
            text_states = f["trials/state"][:]
        with h5py.File(onehot_ckpt, "r") as f:
            if len(f["data/categorical"]) != 0:
                failures.append(f"{model}: the one-hot table recorded categorical features")
            onehot_errors = f["trials/fold_error"][:]
            onehot_params = f["trials/params"][:]
        if not np.array_equal(text_params, onehot_params):
            failures.append(f"{model}: the two runs evaluated different configurations")
        if len(text_states) != TRIALS or any(s != 2 for s in text_states):
            failures.append(f"{model}: expected {TRIALS} complete trials, states {text_states}")
            continue
        for trial in range(TRIALS):
            cat_mean = float(np.mean(text_errors[trial]))
            hot_mean = float(np.mean(onehot_errors[trial]))
            stat = statistical_error(text_errors[trial])
            diff = abs(cat_mean - hot_mean)
            print(f"{model:14} {trial:5d} {cat_mean:9.4f} {hot_mean:9.4f} {diff:8.4f} "
                  f"{stat:8.4f} {2 * stat:8.4f} {statistical_error(onehot_errors[trial]):13.4f}")
            if not diff <= 2 * stat:
                failures.append(f"{model} trial {trial}: |{cat_mean:.4f} - {hot_mean:.4f}| = "
                                f"{diff:.4f} > 2 * statistical error {stat:.4f}")
    for failure in failures:
        print("FAILED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
