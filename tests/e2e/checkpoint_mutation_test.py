#!/usr/bin/env python3
"""A damaged checkpoint is an error, never a crash: random byte changes and truncations of
a finished checkpoint, each opened by `fermata report` and by `fermata run --resume`. None
may end by a signal or hang; each exits 4 with a message (naming the file), or 0 where the
change touched nothing fermata reads (the unused part of the checkpoint's user block).

With --unsealed, a second pass does the same to a checkpoint in the older format, written
without a seal (the seal removed by hand). HDF5 would parse such bytes unchecked and can crash
or hang inside H5HG_read (38 of 1000 opens did, on a 500 + 500 run, when fermata still read
unsealed files), so fermata refuses them (exit 4, naming `fermata seal`); the pass also
checks that `fermata seal` makes the undamaged unsealed checkpoint readable again.

  checkpoint_mutation_test.py FERMATA WORK_DIR [--mutations N] [--seed S] [--unsealed]
"""
import argparse
import os
import random
import shutil
import subprocess
import sys

JOB = """name: mutated
seed: 2
cv: {folds: 3}
model:
  kind: synthetic
  fixed: {function: branin, noise: 0.1}
space:
  x1: {type: float, low: -5, high: 10}
  x2: {type: float, low: 0, high: 15}
budget: {max_trials: 25}
stopping: {criterion: regret-bound, min_trials: 5}
checkpoint: {path: mutated.h5}
"""

TIMEOUT = 60  # seconds; a healthy open takes well under one


def run(argv, cwd):
    try:
        done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT,
                              errors="replace")
    except subprocess.TimeoutExpired:
        return None, f"hung for {TIMEOUT} s"
    return done.returncode, done.stdout + done.stderr


def mutate(data, rng):
    """A copy of `data` with 1-8 random bytes changed, or cut at a random length."""
    if rng.random() < 0.3:
        return data[:rng.randrange(len(data))], "truncated"
    out = bytearray(data)
    changes = rng.randint(1, 8)
    for _ in range(changes):
        at = rng.randrange(len(out))
        out[at] = (out[at] + rng.randint(1, 255)) % 256
    return bytes(out), f"{changes} bytes changed"


def unsealed(data):
    """The checkpoint as a fermata without the seal would have left it: the seal's line
    replaced by zeros (HDF5 still finds its superblock after the user block)."""
    end = data.index(b"\n") + 1
    return b"\0" * end + data[end:]


def check(fermata, work, name, data, mutations, rng):
    failures = []
    counts = {0: 0, 4: 0}
    for i in range(mutations):
        bad, how = mutate(data, rng)
        case = os.path.join(work, f"{name}-{i}")
        os.makedirs(case)
        with open(os.path.join(case, "mutated.h5"), "wb") as f:
            f.write(bad)
        with open(os.path.join(case, "job.yaml"), "w") as f:
            f.write(JOB)
        for argv in ([fermata, "report", "mutated.h5"],
                     [fermata, "run", "job.yaml", "--resume", "--quiet"]):
            code, output = run(argv, case)
            verb = argv[1]
            if code is None or code < 0 or code not in (0, 4):
                failures.append(f"{name} #{i} ({how}), {verb}: exit {code}: {output[-400:]}")
            elif code == 4 and "mutated.h5" not in output:
                failures.append(f"{name} #{i} ({how}), {verb}: exit 4 without naming the file: "
                                f"{output[-400:]}")
            else:
                counts[code] += 1
        shutil.rmtree(case)
    print(f"{name}: {mutations} mutated checkpoints, opened twice each: exit 4 {counts[4]} "
          f"times, exit 0 {counts[0]} times, {len(failures)} failures")
    return failures


def check_seal_command(fermata, work, data):
    """An undamaged checkpoint without a seal: refused, sealed by `fermata seal`, then read."""
    case = os.path.join(work, "seal")
    os.makedirs(case)
    with open(os.path.join(case, "mutated.h5"), "wb") as f:
        f.write(data)
    failures = []
    code, output = run([fermata, "report", "mutated.h5"], case)
    if code != 4 or "fermata seal mutated.h5" not in output:
        failures.append(f"unsealed report: exit {code}, not 4 naming `fermata seal`: {output[-400:]}")
    code, output = run([fermata, "seal", "mutated.h5"], case)
    if code != 0:
        failures.append(f"fermata seal: exit {code}: {output[-400:]}")
    code, output = run([fermata, "report", "mutated.h5"], case)
    if code != 0:
        failures.append(f"report after fermata seal: exit {code}: {output[-400:]}")
    print(f"seal: an unsealed checkpoint is refused, sealed, then read: "
          f"{'ok' if not failures else 'FAILED'}")
    shutil.rmtree(case)
    return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("fermata")
    parser.add_argument("work")
    parser.add_argument("--mutations", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--unsealed", action="store_true",
                        help="also mutate a checkpoint without its seal (older format)")
    args = parser.parse_args()
    fermata = os.path.abspath(args.fermata)
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    source = os.path.join(args.work, "source")
    os.makedirs(source)
    with open(os.path.join(source, "job.yaml"), "w") as f:
        f.write(JOB)
    code, output = run([fermata, "run", "job.yaml", "--local-workers", "2", "--quiet"], source)
    if code != 0:
        sys.exit(f"the source run failed: exit {code}: {output}")
    with open(os.path.join(source, "mutated.h5"), "rb") as f:
        sealed = f.read()
    if not sealed.startswith(b"fermata-checkpoint-seal"):
        sys.exit("the checkpoint has no seal")
    rng = random.Random(args.seed)
    failures = check(fermata, args.work, "sealed", sealed, args.mutations, rng)
    if args.unsealed:
        failures += check(fermata, args.work, "unsealed", unsealed(sealed), args.mutations, rng)
        failures += check_seal_command(fermata, args.work, unsealed(sealed))
    for failure in failures:
        print("FAIL", failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
