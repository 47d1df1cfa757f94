#!/usr/bin/env python3
"""Checks a synthetic model's evaluation log against the complete trials of a checkpoint
(rules in tests/support/evaluation_check.py). A fold may run again only as often as an
interruption cut it short, known either from the coordinator's log of a stop signal (the
job's output over all its requeues) or from what a killed run left behind (the checkpoint
and the evaluation log as they were before the job ran again).

  check_evaluations.py LOG HISTORY_CSV FOLDS --signalled-run JOB_OUTPUT
  check_evaluations.py LOG HISTORY_CSV FOLDS --killed-run FERMATA CHECKPOINT_THEN LOG_THEN
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import evaluation_check  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("log")
    parser.add_argument("history")
    parser.add_argument("folds", type=int)
    how = parser.add_mutually_exclusive_group(required=True)
    how.add_argument("--signalled-run", metavar="JOB_OUTPUT")
    how.add_argument("--killed-run", nargs=3, metavar=("FERMATA", "CHECKPOINT", "LOG"))
    args = parser.parse_args()
    if args.signalled_run:
        with open(args.signalled_run, errors="replace") as f:
            allowed = evaluation_check.cut_short_by_signals(f.read())
    else:
        fermata, checkpoint, log_then = args.killed_run
        ledger = evaluation_check.KillLedger(log_then)
        ledger.after_kill(fermata, checkpoint)
        allowed = ledger.allowed
    complete = evaluation_check.complete_trials(args.history)
    total, repeated, unexplained = evaluation_check.check(args.log, complete, args.folds, allowed)
    print(f"{len(complete)} complete trials, {len(complete) * args.folds} folds, {total} "
          f"evaluations, {repeated} repeated, {sum(allowed.values())} cut short by the "
          f"interruption, {len(unexplained)} unexplained")
    if unexplained:
        sys.exit("FAILED:\n" + "\n".join(unexplained))


if __name__ == "__main__":
    main()
