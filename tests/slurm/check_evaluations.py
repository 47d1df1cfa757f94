#!/usr/bin/env python3
"""Checks a synthetic model's evaluation log against the complete trials of a checkpoint
(rules in tests/support/evaluation_check.py).

  check_evaluations.py LOG HISTORY_CSV FOLDS SIGNAL_UNIX_TIME
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import evaluation_check  # noqa: E402


def main():
    log, history, folds, signal_time = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(
        sys.argv[4])
    complete = evaluation_check.complete_trials(history)
    total, repeated, unexplained = evaluation_check.check(log, complete, folds, [signal_time])
    print(f"{len(complete)} complete trials, {len(complete) * folds} folds, {total} "
          f"evaluations, {repeated} repeated (cut by the signal), {len(unexplained)} unexplained")
    if unexplained:
        sys.exit("FAILED:\n" + "\n".join(unexplained))


if __name__ == "__main__":
    main()
