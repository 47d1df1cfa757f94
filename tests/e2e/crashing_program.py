#!/usr/bin/env python3
"""A persistent training program that crashes mid-fold once, for persistent_command_test.py.

Every request appends "pid trial fold" to LOG. At trial 2 fold 1, the first time (MARKER does
not exist yet), it starts a background `sleep` in its process group, writes its pid to LOG
as "child PID", and kills itself with SIGKILL: fermata must fail that fold, kill the sleep,
and start the program again for the next fold.

  crashing_program.py LOG MARKER
"""
import os
import signal
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "jobs",
                                "examples"))
import fermata_program  # noqa: E402

LOG, MARKER = sys.argv[1], sys.argv[2]


def log(line):
    with open(LOG, "a") as out:
        out.write(line + "\n")


def train(config, fold, job):
    log(f"{os.getpid()} {job.trial} {fold}")
    if job.trial == 2 and fold == 1 and not os.path.exists(MARKER):
        open(MARKER, "w").close()
        child = subprocess.Popen(["sleep", "300"])
        log(f"child {child.pid}")
        print("about to crash", file=sys.stderr, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    return (config["x"] - 0.3) ** 2 + 0.01 * (fold if fold != "test" else 0)


if __name__ == "__main__":
    fermata_program.serve(train, argv=[])
