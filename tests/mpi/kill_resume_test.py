#!/usr/bin/env python3
"""Kills the whole mpirun with SIGKILL at ten random moments of a run and resumes each time.

The synthetic objective's evaluation log counts fold evaluations from the workers' side.
At the end every fold of every trial must have been evaluated, and a fold evaluated more
than once is allowed only as often as a kill cut it short: the killed run evaluated it (its
processes are the ones new to the log) and its result is not in the checkpoint that run
left, which is the checkpoint the next resume reads. That is exact, whatever was in flight
at the kill and however long the coordinator took to write its checkpoint.

  kill_resume_test.py FERMATA WORK_DIR [--kills N] [--seed S]
"""
import argparse
import os
import random
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import evaluation_check  # noqa: E402

JOB = """name: kill-resume
seed: 3
cv: {{folds: 5}}
model:
  kind: synthetic
  fixed: {{function: branin, seconds: 0.4, evaluation_log: {log}}}
space:
  x1: {{type: float, low: -5, high: 10}}
  x2: {{type: float, low: 0, high: 15}}
optimizer: {{kind: bo, initial_trials: 5}}
budget: {{max_trials: {trials}}}
stopping: {{criterion: none}}
runtime: {{max_retries: {kills}}}
checkpoint: {{path: {checkpoint}}}
"""
# A SIGKILL of the whole job cannot be told from a fold that killed its rank, so every kill
# charges the folds then in flight an attempt, and they run alone first on resume, where the
# next kill may catch them again: max_retries as large as the number of kills keeps the
# crash accounting from failing a trial that only an outside kill cut short.



def mpirun(ranks):
    command = ["mpirun", "--oversubscribe", "-n", str(ranks)]
    if os.geteuid() == 0:
        command.insert(1, "--allow-run-as-root")
    return command


def leftover_processes(job_path):
    found = subprocess.run(["pgrep", "-f", job_path], capture_output=True, text=True)
    return found.stdout.split()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("fermata")
    parser.add_argument("work_dir")
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--trials", type=int, default=80)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()

    os.makedirs(args.work_dir, exist_ok=True)
    log = os.path.join(args.work_dir, "evaluations.log")
    checkpoint = os.path.join(args.work_dir, "kill-resume.h5")
    job = os.path.join(args.work_dir, "kill-resume.yaml")
    for path in (log, checkpoint):
        if os.path.exists(path):
            os.remove(path)
    with open(job, "w") as out:
        out.write(JOB.format(log=log, checkpoint=checkpoint, trials=args.trials, kills=args.kills))

    rng = random.Random(args.seed)
    print(f"random seed {args.seed}")
    command = mpirun(4) + [args.fermata, "run", job, "--resume", "--quiet"]
    kills = []
    ledger = evaluation_check.KillLedger(log)
    for i in range(args.kills):
        run = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(2.5, 6.0))
        if run.poll() is not None:
            print(f"run {i} ended (exit {run.returncode}) before its kill")
            break
        kills.append(time.time())
        # mpirun puts each rank in a process group of its own, all in mpirun's session:
        # kill the session, as a node failure would.
        subprocess.run(["pkill", "-KILL", "-s", str(run.pid)], check=False)
        run.wait()
        for _ in range(50):  # ranks die with their process group; give the kernel a moment
            if not leftover_processes(job):
                break
            time.sleep(0.1)
        if leftover_processes(job):
            sys.exit("FAILED: fermata processes outlive a SIGKILL of their session")
        ledger.after_kill(args.fermata, checkpoint)
        print(f"kill {i + 1} at {kills[-1]:.3f}")

    final = subprocess.run(command, capture_output=True, text=True)
    if final.returncode != 0:
        sys.exit(f"FAILED: the final resume exited {final.returncode}\n{final.stderr}")
    history = os.path.join(args.work_dir, "history.csv")
    report = subprocess.run([args.fermata, "report", checkpoint, "--history-csv", history],
                            capture_output=True, text=True, check=True).stdout
    print(report)
    if f"trials     {args.trials} complete, 0 failed, 0 unfinished" not in report:
        sys.exit("FAILED: not every trial completed")

    complete = evaluation_check.complete_trials(history)
    folds = 5
    total, repeated, unexplained = evaluation_check.check(log, complete, folds, ledger.allowed)
    print(f"| kills | trials | folds | evaluations | repeated (cut by a kill) | unexplained |")
    print(f"| {len(kills)} | {len(complete)} | {len(complete) * folds} | {total} | {repeated} "
          f"| {len(unexplained)} |")
    if leftover_processes(job):
        sys.exit("FAILED: fermata processes left behind")
    if len(kills) < args.kills:
        sys.exit(f"FAILED: only {len(kills)} kills happened; the run was too short")
    if unexplained:
        sys.exit("FAILED:\n" + "\n".join(unexplained))
    print("every fold of every trial was evaluated exactly once, apart from folds cut by a kill")


if __name__ == "__main__":
    main()
