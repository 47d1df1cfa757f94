#!/usr/bin/env python3
"""A synchronous run interrupted three times and resumed records exactly the trials of the
same run left alone.

With runtime.synchronous a batch of trials starts only when the previous one is complete,
from an optimizer rebuilt from the study, and the synthetic model's noise is seeded by seed,
trial and fold: so where a run is interrupted must not matter. Run A goes through uninterrupted
on 4 ranks; run B is stopped with SIGTERM to cluster/mpirun.sh once its checkpoint shows 6,
12 and 18 complete trials (exit 75 each time) and resumed with --resume until it finishes.
The configurations and the fold errors of A and B must be bitwise equal.

  synchronous_resume_test.py FERMATA MPIRUN_SH WORK_DIR
"""
import argparse
import os
import re
import subprocess
import sys
import time

JOB = """name: synchronous-resume
seed: 5
cv: {folds: 3}
model:
  kind: synthetic
  fixed: {function: hartmann6, noise: 0.05, seconds: 0.2}
space:
  x1: {type: float, low: 0, high: 1}
  x2: {type: float, low: 0, high: 1}
  x3: {type: float, low: 0, high: 1}
  x4: {type: float, low: 0, high: 1}
  x5: {type: float, low: 0, high: 1}
  x6: {type: float, low: 0, high: 1}
optimizer: {kind: bo, initial_trials: 5}
budget: {max_trials: 24}
stopping: {criterion: regret-bound, min_trials: 10}
runtime: {synchronous: true}
"""

TRIALS = 24
INTERRUPT_AT = (6, 12, 18)
EXIT_INTERRUPTED = 75
RUN_TIMEOUT = 300.0  # one run on a shared 2-core machine, 4 ranks starting included
TRIALS_LINE = re.compile(r"^trials\s+(\d+) complete,.*$", re.MULTILINE)
# Everything a trial's outcome consists of, and the stopping criterion's record of every
# prefix of the completion order; timings and worker numbers may differ.
COMPARED = ("/trials/id", "/trials/state", "/trials/params", "/trials/fold_error",
            "/trials/value", "/stopping/history/n_trials", "/stopping/history/regret_bound",
            "/stopping/history/statistical_error", "/stopping/history/decision")


def trials_line(fermata, checkpoint):
    """The report's "trials" line, or None while the checkpoint cannot be read."""
    if not os.path.exists(checkpoint):
        return None
    report = subprocess.run([fermata, "report", checkpoint], capture_output=True, text=True)
    found = TRIALS_LINE.search(report.stdout) if report.returncode == 0 else None
    return found.group(0) if found else None


def complete_trials(fermata, checkpoint):
    """The number of complete trials the checkpoint shows, or None while it cannot be read."""
    line = trials_line(fermata, checkpoint)
    return int(TRIALS_LINE.match(line).group(1)) if line else None


def dump(checkpoint, dataset):
    """The dataset as h5dump prints it with 17 significant digits, without the file name."""
    text = subprocess.run(["h5dump", "-m", "%.17g", "-d", dataset, checkpoint],
                          capture_output=True, text=True, check=True).stdout
    return text.split("\n", 1)[1]


def leftover_processes(job_path):
    found = subprocess.run(["pgrep", "-f", job_path], capture_output=True, text=True)
    return found.stdout.split()


class Runner:
    def __init__(self, args, job):
        self.args, self.job, self.runs = args, job, 0

    def start(self, checkpoint):
        self.runs += 1
        output = os.path.join(self.args.work_dir, f"run{self.runs}.out")
        command = [self.args.mpirun_sh, "-n", "4", self.args.fermata, "run", self.job,
                   "--resume", "--checkpoint", checkpoint]
        with open(output, "w") as out:
            run = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        return run, output

    def finish(self, run, output, expected, what):
        try:
            code = run.wait(timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            run.kill()
            run.wait()
            sys.exit(f"FAILED: {what} still running after {RUN_TIMEOUT} s; see {output}")
        for _ in range(50):  # ranks end with mpirun; let the kernel reap them
            if not leftover_processes(self.job):
                break
            time.sleep(0.1)
        if code != expected:
            sys.exit(f"FAILED: {what} exited {code}, expected {expected}; see {output}")

    def interrupt_at(self, checkpoint, trials):
        run, output = self.start(checkpoint)
        deadline = time.monotonic() + RUN_TIMEOUT
        while (complete_trials(self.args.fermata, checkpoint) or 0) < trials:
            if run.poll() is not None:
                sys.exit(f"FAILED: the run to be interrupted at {trials} trials exited "
                         f"{run.returncode} first; see {output}")
            if time.monotonic() > deadline:
                run.kill()
                sys.exit(f"FAILED: fewer than {trials} complete trials after {RUN_TIMEOUT} s")
            time.sleep(0.05)
        run.terminate()  # SIGTERM to the wrapper, which forwards it to the ranks
        self.finish(run, output, EXIT_INTERRUPTED, f"the run interrupted at {trials} trials")
        return trials_line(self.args.fermata, checkpoint)

    def run_to_end(self, checkpoint, what):
        run, output = self.start(checkpoint)
        self.finish(run, output, 0, what)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("fermata")
    parser.add_argument("mpirun_sh")
    parser.add_argument("work_dir")
    args = parser.parse_args()
    os.makedirs(args.work_dir, exist_ok=True)

    job = os.path.join(args.work_dir, "synchronous-resume.yaml")
    with open(job, "w") as out:
        out.write(JOB)
    a = os.path.join(args.work_dir, "uninterrupted.h5")
    b = os.path.join(args.work_dir, "interrupted.h5")
    for path in (a, b, a + ".tmp", b + ".tmp"):
        if os.path.exists(path):
            os.remove(path)

    runner = Runner(args, job)
    try:
        runner.run_to_end(a, "the uninterrupted run")
        stopped_with = [runner.interrupt_at(b, trials) for trials in INTERRUPT_AT]
        runner.run_to_end(b, "the last resume")
    finally:
        for pid in leftover_processes(job):
            subprocess.run(["kill", "-KILL", pid], check=False)
    for trials, line in zip(INTERRUPT_AT, stopped_with):
        print(f"run B interrupted at >= {trials} complete trials, its checkpoint then: {line}")

    failures = []
    for name, checkpoint in (("A", a), ("B", b)):
        complete = complete_trials(args.fermata, checkpoint)
        if complete != TRIALS:
            failures.append(f"checkpoint {name}: {complete} complete trials, expected {TRIALS}")
    histories = []
    for name, checkpoint in (("a", a), ("b", b)):
        csv = os.path.join(args.work_dir, f"history-{name}.csv")
        subprocess.run([args.fermata, "report", checkpoint, "--history-csv", csv],
                       capture_output=True, check=True)
        with open(csv) as f:
            histories.append(f.read().splitlines())
    for dataset in COMPARED:
        dump_a, dump_b = dump(a, dataset), dump(b, dataset)
        if dump_a != dump_b:
            differing = [f"  A: {x.strip()}\n  B: {y.strip()}"
                         for x, y in zip(dump_a.splitlines(), dump_b.splitlines()) if x != y]
            failures.append(f"{dataset} differs ({len(differing)} lines):\n" +
                            "\n".join(differing[:20]))
    if histories[0] != histories[1]:
        differing = [f"  A: {x}\n  B: {y}" for x, y in zip(*histories) if x != y]
        failures.append(f"the --history-csv exports differ (completion order, "
                        f"{len(histories[0])} and {len(histories[1])} lines):\n" +
                        "\n".join(differing[:20]))

    print(f"compared A ({a}) with B ({b}): {', '.join(COMPARED)} as h5dump -m %.17g text, "
          f"and the --history-csv exports ({len(histories[0]) - 1} trials)")
    if failures:
        sys.exit("FAILED:\n" + "\n".join(failures))
    print(f"{TRIALS} trials complete in both, bitwise equal")


if __name__ == "__main__":
    main()
