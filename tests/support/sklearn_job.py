"""jobs/sklearn-credit_g.yaml as the persistent-mode test and the overhead benchmark run it:
this Python, absolute paths, a given budget, the synchronous runtime, and either its
persistent command or the one-process-per-fold command line its comment gives."""
import os
import re

PER_FOLD_ARGUMENTS = (
    '--data, "{data}", --seed, "{seed}", --folds, "{folds}", --threads, "{threads}", '
    '--fold, "{fold}", --trial, "{trial}", --target, "{target}", --criterion, "{criterion}", '
    '--n_estimators, "{n_estimators}", --max_depth, "{max_depth}", '
    '--max_features, "{max_features}", --min_samples_leaf, "{min_samples_leaf}"')


def sklearn_job(source_dir, python, data, checkpoint, persistent, trials):
    with open(os.path.join(source_dir, "jobs", "sklearn-credit_g.yaml")) as f:
        text = f.read()
    script = os.path.join(source_dir, "jobs", "examples", "sklearn_train.py")
    command = f"[{python}, {script}" + ("]" if persistent else f", {PER_FOLD_ARGUMENTS}]")
    text, n = re.subn(r"(?m)^  command: \[.*\]$", "  command: " + command, text)
    assert n == 1, "the job's command line was not found"
    text = text.replace("persistent: true", f"persistent: {'true' if persistent else 'false'}")
    text = re.sub(r"(?m)^  path: \S+", f"  path: {data}", text, count=1)
    text = re.sub(r"(?m)^  path: runs/\S+", f"  path: {checkpoint}", text)
    text = re.sub(r"(?m)^  max_trials: \d+", f"  max_trials: {trials}", text)
    return text + "runtime:\n  synchronous: true\n"
