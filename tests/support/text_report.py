"""Trial counts read from `fermata report`'s text output, for tests that watch a run.

    trial_counts(fermata, checkpoint)  # (complete, failed, unfinished), None while unreadable
"""
import os
import re
import subprocess

TRIALS_LINE = re.compile(r"^trials\s+(\d+) complete, (\d+) failed, (\d+) unfinished", re.M)


def parse_trial_counts(text):
    """(complete, failed, unfinished) from a text report, or None if it has no trials line."""
    found = TRIALS_LINE.search(text)
    return tuple(int(g) for g in found.groups()) if found else None


def trial_counts(fermata, checkpoint):
    """(complete, failed, unfinished) of a checkpoint, or None while there is none yet or it
    cannot be read (a run may be replacing it)."""
    if not os.path.exists(checkpoint):
        return None
    report = subprocess.run([fermata, "report", checkpoint], capture_output=True, text=True)
    return parse_trial_counts(report.stdout) if report.returncode == 0 else None


def complete_trials(fermata, checkpoint):
    """The number of complete trials a checkpoint shows; 0 while it cannot be read."""
    counts = trial_counts(fermata, checkpoint)
    return counts[0] if counts else 0
