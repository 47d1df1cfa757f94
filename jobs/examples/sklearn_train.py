#!/usr/bin/env python3
"""A scikit-learn random forest as fermata's training program (jobs/sklearn-credit_g.yaml).

train() fits sklearn's RandomForestClassifier on one fold and returns its misclassification
rate; fermata_program.serve() runs it in persistent mode (one process per worker, one JSON
line per fold) or once per fold from command-line options, whichever the job asks for.
The table and its split are read once per process and kept, so in persistent mode each fold
pays for its training only.

The split depends only on the seed, so every fold and every trial sees the same one: a
stratified 20 % test set, then stratified folds over the rest (scikit-learn's own splitters,
seeded). Needs Debian's python3-sklearn.
"""

import functools
import os
import sys

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import StratifiedKFold, train_test_split

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fermata_program  # noqa: E402  (next to this file)


@functools.lru_cache(maxsize=4)
def read_table(path, target):
    """Features and labels of a .csv/.tsv(.gz) table with a header row."""
    delimiter = "\t" if ".tsv" in path else ","
    table = np.genfromtxt(path, delimiter=delimiter, names=True, dtype=float)
    names = table.dtype.names
    if target not in names:
        sys.exit(f"{path}: no column {target!r} (columns: {', '.join(names)})")
    X = np.column_stack([table[n] for n in names if n != target])
    return X, table[target]


@functools.lru_cache(maxsize=4)
def split(path, target, seed, folds):
    """(X, y, pool rows, test rows, [(fit rows, validation rows) per fold])."""
    X, y = read_table(path, target)
    rows = np.arange(len(y))
    pool, test = train_test_split(rows, test_size=0.2, stratify=y, random_state=seed)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    plan = [(pool[fit], pool[val]) for fit, val in splitter.split(pool, y[pool])]
    return X, y, pool, test, plan


def train(config, fold, job):
    X, y, pool, test, plan = split(job.data, config["target"], job.seed, job.folds)
    fit, evaluate = (pool, test) if fold == "test" else plan[fold]
    model = RandomForestClassifier(
        n_estimators=int(config["n_estimators"]),
        max_depth=int(config["max_depth"]),
        max_features=float(config["max_features"]),  # 1 would mean one feature, 1.0 all
        min_samples_leaf=int(config["min_samples_leaf"]),
        criterion=config["criterion"],
        random_state=job.seed,
        n_jobs=job.threads,
    )
    model.fit(X[fit], y[fit])
    return float(np.mean(model.predict(X[evaluate]) != y[evaluate]))


if __name__ == "__main__":
    fermata_program.serve(train)
