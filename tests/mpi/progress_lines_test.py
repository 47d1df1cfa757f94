#!/usr/bin/env python3
"""Under mpirun, with the output captured through a pipe (as in a SLURM log), `fermata run`
writes plain progress lines: no carriage return, no escape sequence, no other control byte;
exactly one line per completed trial; and the summary line last among the coordinator's lines.

Under mpirun rank 0's stdout is a pseudo-terminal even when mpirun writes into a pipe, while its
stderr is a pipe: this is the case `--progress auto` must decide from stderr.

  progress_lines_test.py FERMATA MPIRUN_SH WORK_DIR
"""
import argparse
import os
import re
import subprocess
import sys

JOB = """name: progress-lines
seed: 11
cv: {{folds: 3}}
model:
  kind: synthetic
  fixed: {{function: branin, noise: 0.5}}
space:
  x1: {{type: float, low: -5, high: 10}}
  x2: {{type: float, low: 0, high: 15}}
optimizer: {{kind: random}}
budget: {{max_trials: 12}}
stopping: {{criterion: regret-bound, min_trials: 6}}
checkpoint: {{path: {checkpoint}}}
"""

TRIAL_LINE = re.compile(r"\[coord\] \[info\] trial +(\d+) value ")
SUMMARY = re.compile(r"\[coord\] \[info\] run finished(, budget spent| by the stopping "
                     r"criterion): .*; trials (\d+) complete, 0 failed, 0 unfinished; best ")
STATE_COMPLETE = 2


def read_dataset(checkpoint, dataset):
    """The values of a one-dimensional dataset, as printed by h5dump."""
    dump = subprocess.run(["h5dump", "-y", "-d", dataset, checkpoint], capture_output=True,
                          text=True, check=True).stdout
    data = dump.split("DATA {", 1)[1].split("}", 1)[0]
    return [int(float(v)) for v in data.replace(",", " ").split()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("fermata")
    parser.add_argument("mpirun_sh")
    parser.add_argument("work_dir")
    args = parser.parse_args()
    os.makedirs(args.work_dir, exist_ok=True)
    checkpoint = os.path.join(args.work_dir, "progress-lines.h5")
    job = os.path.join(args.work_dir, "progress-lines.yaml")
    for path in (checkpoint, checkpoint + ".tmp"):
        if os.path.exists(path):
            os.remove(path)
    with open(job, "w") as out:
        out.write(JOB.format(checkpoint=checkpoint))

    run = subprocess.run([args.mpirun_sh, "-n", "3", args.fermata, "run", job],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    output = run.stdout
    with open(os.path.join(args.work_dir, "output.txt"), "wb") as out:
        out.write(output)
    failures = []
    if run.returncode != 0:
        sys.exit(f"FAILED: exit code {run.returncode}:\n{output.decode(errors='replace')}")

    bad = sorted({f"0x{b:02x}" for b in output if (b < 0x20 and b != 0x0A) or b == 0x7F})
    if bad:
        failures.append(f"control bytes in the output: {', '.join(bad)}")
    try:
        text = output.decode("utf-8")
    except UnicodeDecodeError as e:
        sys.exit(f"FAILED: the output is not UTF-8: {e}")

    coordinator_lines = [line for line in text.split("\n") if "[coord]" in line]
    trial_ids = [int(m.group(1)) for line in coordinator_lines
                 for m in [TRIAL_LINE.search(line)] if m]
    ids = read_dataset(checkpoint, "/trials/id")
    states = read_dataset(checkpoint, "/trials/state")
    complete = sorted(i for i, s in zip(ids, states) if s == STATE_COMPLETE)
    if sorted(trial_ids) != complete:
        failures.append(f"progress lines for trials {sorted(trial_ids)}, but the checkpoint's "
                        f"complete trials are {complete}")
    if not coordinator_lines or not SUMMARY.search(coordinator_lines[-1]):
        last = coordinator_lines[-1] if coordinator_lines else "(none)"
        failures.append(f"the last coordinator line is not the summary: {last}")
    elif int(SUMMARY.search(coordinator_lines[-1]).group(2)) != len(complete):
        failures.append(f"the summary counts a different number of complete trials than the "
                        f"checkpoint's {len(complete)}")

    if failures:
        sys.exit("FAILED:\n" + "\n".join(failures) + "\n--- output ---\n" + text)
    print(f"{len(trial_ids)} progress lines for {len(complete)} complete trials, the summary "
          f"last, {len(output)} bytes without a control character")


if __name__ == "__main__":
    main()
