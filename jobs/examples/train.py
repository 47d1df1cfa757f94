#!/usr/bin/env python3
"""A training program for fermata's `command` model, in plain Python (standard library only).

fermata runs it once per cross-validation fold (see jobs/command-example.yaml) and reads the
fold's validation error from the last line it prints: {"error": 0.123}. To tune your own
model, copy this file and replace train() and predict(); keep the split and the last line.

  python3 jobs/examples/train.py --data ../shared/data/credit_g/credit_g.tsv.gz \\
      --seed 1 --fold 0 --folds 5 --learning-rate 0.1 --l2 0.001 --epochs 100

The split is the program's own and depends only on --seed, so every fold and every trial sees
the same one: the shuffled rows' last --test-fraction are the test set, and the rest is dealt
into --folds folds. --fold k validates on fold k after training on the others; --fold test
trains on every non-test row and reports the error on the test set.
"""

import argparse
import csv
import gzip
import json
import math
import random
import sys


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", required=True, help=".csv or .tsv, optionally .gz, with a header")
    p.add_argument("--target", default="target", help="name of the label column")
    p.add_argument("--seed", type=int, required=True, help="fixes the split")
    p.add_argument("--fold", required=True, help="0 .. folds-1, or 'test'")
    p.add_argument("--folds", type=int, required=True)
    p.add_argument("--test-fraction", type=float, default=0.2)
    p.add_argument("--learning-rate", type=float, default=0.1)
    p.add_argument("--l2", type=float, default=0.0)
    p.add_argument("--epochs", type=int, default=100)
    args = p.parse_args()
    if args.fold != "test" and not (args.fold.isdigit() and int(args.fold) < args.folds):
        p.error(f"--fold: expected 0 .. {args.folds - 1} or 'test', found {args.fold!r}")
    return args


def read_table(path, target):
    """Numeric features and a binary 0/1 label from a delimited file with a header row."""
    opener = gzip.open if path.endswith(".gz") else open
    delimiter = "\t" if ".tsv" in path else ","
    with opener(path, "rt", newline="") as f:
        rows = list(csv.reader(f, delimiter=delimiter))
    header, rows = rows[0], [r for r in rows[1:] if r]
    if target not in header:
        sys.exit(f"{path}: no column {target!r} (columns: {', '.join(header)})")
    t = header.index(target)
    classes = sorted({r[t] for r in rows})
    if len(classes) != 2:
        sys.exit(f"{path}: this example needs two classes in {target!r}, found {len(classes)}")
    features = [[float(v) for i, v in enumerate(r) if i != t] for r in rows]
    labels = [classes.index(r[t]) for r in rows]
    return features, labels


def split(n, seed, folds, fold, test_fraction):
    """Row indices (train, evaluate) of one fold, or of the test set when fold is 'test'."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    n_test = int(round(test_fraction * n))
    pool, test = order[: n - n_test], order[n - n_test:]
    if fold == "test":
        return pool, test
    k = int(fold)
    return ([r for i, r in enumerate(pool) if i % folds != k],
            [r for i, r in enumerate(pool) if i % folds == k])


# ---- the model: replace train() and predict() with your own ------------------------------

def train(X, y, args):
    """L2-regularized logistic regression by full-batch gradient descent, on features
    standardized with the training rows' mean and standard deviation."""
    d = len(X[0])
    mean = [sum(x[j] for x in X) / len(X) for j in range(d)]
    std = [math.sqrt(sum((x[j] - mean[j]) ** 2 for x in X) / len(X)) or 1.0 for j in range(d)]
    Z = [[(x[j] - mean[j]) / std[j] for j in range(d)] for x in X]
    w, b = [0.0] * d, 0.0
    for _ in range(args.epochs):
        grad_w, grad_b = [args.l2 * wj for wj in w], 0.0
        for z, label in zip(Z, y):
            residual = (sigmoid(b + sum(wj * zj for wj, zj in zip(w, z))) - label) / len(Z)
            grad_b += residual
            for j in range(d):
                grad_w[j] += residual * z[j]
        w = [wj - args.learning_rate * gj for wj, gj in zip(w, grad_w)]
        b -= args.learning_rate * grad_b
    return mean, std, w, b


def predict(model, X):
    mean, std, w, b = model
    return [int(b + sum(wj * (xj - mj) / sj for wj, xj, mj, sj in zip(w, x, mean, std)) > 0)
            for x in X]


def sigmoid(t):
    return 1.0 / (1.0 + math.exp(-t)) if t >= 0 else math.exp(t) / (1.0 + math.exp(t))


# -------------------------------------------------------------------------------------------

def main():
    args = parse_args()
    X, y = read_table(args.data, args.target)
    fit_rows, eval_rows = split(len(X), args.seed, args.folds, args.fold, args.test_fraction)
    model = train([X[i] for i in fit_rows], [y[i] for i in fit_rows], args)
    predicted = predict(model, [X[i] for i in eval_rows])
    error = sum(p != y[i] for p, i in zip(predicted, eval_rows)) / len(eval_rows)
    # Anything may be printed before; fermata reads only the last line.
    print(json.dumps({"error": error, "rows": len(eval_rows)}))


if __name__ == "__main__":
    main()
