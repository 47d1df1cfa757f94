#!/usr/bin/env python3
"""Shows that fermata's coordinator is never the bottleneck, from 1 to 256 workers, and prints
one markdown table (three sub-tables) with the machine and the command:

(a) dispatch throughput: no-op folds, random search, no criterion; fold results per second of
    the checkpoint's span (first dispatch to last result), beside a raw MPI ping-pong between
    two ranks measured in the same run;
(b) worker efficiency: folds that sleep 0.5 s or 1 s, the GP optimizer and the regret-bound
    criterion acting; from the workers' evaluation log, counted from the moment every worker
    is up (see scale_runs.efficiency);
(c) decision latency (result in -> next suggestion out) against completed trials n, in
    process, and one regret-bound evaluation (which runs off the decision path).

  scale_bench.py --fermata build/fermata --ping-pong build/tests/bench/scale/scale_ping_pong
                 --latency build/tests/bench/scale/scale_decision_latency
                 [--mpirun PATH] [--span PATH] [--max-workers 128] [--workdir DIR] [--smoke]
                 [--parts abc] [--dispatch-trials 2000] [--steady-seconds 25]

--smoke runs a tiny configuration and checks the table's structure (every row present,
efficiency in (0, 1], throughput > 0), never the numbers against targets. Progress goes to
standard error, the table to standard output.
"""
import argparse
import math
import os
import shlex
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "support"))
import scale_runs  # noqa: E402
from machine import machine_description  # noqa: E402

# (workers, fold seconds, efficiency target or None)
EFFICIENCY_CONFIGS = [(16, 0.5, None), (64, 0.5, 0.95), (128, 1.0, 0.90), (256, 1.0, None)]
DISPATCH_WORKERS = [1, 4, 8]
LATENCY_N = [100, 250, 500, 1000, 2000]


def seconds(value):
    if value is None or math.isnan(value):
        return "-"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def cores(value):
    return "-" if math.isnan(value) else f"{value:.2f}"


def log(message):
    print(message, file=sys.stderr, flush=True)


def dispatch_table(args, plan, problems):
    rate, why = scale_runs.ping_pong(args, plan["round_trips"])
    if rate is None:
        problems.append(f"ping-pong failed: {why}")
    lines = [f"### (a) Dispatch throughput: no-op folds (Branin, no sleep), random search, "
             f"{scale_runs.FOLDS} folds, no criterion", "",
             f"Raw MPI ping-pong, 2 ranks, 200-byte messages: "
             f"{f'{rate:,.0f} round trips/s' if rate else 'failed: ' + why}. "
             "Every fold costs the coordinator at least one round trip (task out, result in).",
             "", "| workers | trials | fold results | span (s) | fold results/s | "
             "ratio to ping-pong round trips/s | wall with mpirun (s) | other CPU load (cores) |",
             "|---|---|---|---|---|---|---|---|"]
    for workers in plan["dispatch_workers"]:
        # Fewer trials below 4 workers: a lone worker waits out each round trip's latency.
        trials = max(1, plan["dispatch_trials"] * min(workers, 4) // 4)
        log(f"(a) {workers} workers, {trials} trials")
        run = scale_runs.prepare(args.workdir, f"dispatch-{workers}w")
        with open(run.job, "w") as f:
            f.write(scale_runs.dispatch_job(f"scale-dispatch-{workers}w", trials, run.checkpoint))
        scale_runs.execute(args, run, workers, timeout=900)
        if run.error:
            problems.append(f"dispatch with {workers} workers failed: {run.error}")
            lines.append(f"| {workers} | failed: {run.error} | | | | | {run.wall:.1f} | "
                         f"{cores(run.other_load)} |")
            continue
        span = run.span["last_finished"] - run.span["first_started"]
        folds = run.span["folds_done"]
        throughput = folds / span if span > 0 else 0.0
        if throughput <= 0 or run.span["trials_complete"] != trials:
            problems.append(f"dispatch with {workers} workers: {run.span}")
        ratio = f"{throughput / rate:.3f}" if rate else "-"
        lines.append(f"| {workers} | {run.span['trials_complete']:.0f} | {folds:.0f} | "
                     f"{span:.2f} | {throughput:,.0f} | {ratio} | {run.wall:.1f} | "
                     f"{cores(run.other_load)} |")
    demand = max((w / s for w, s, _ in plan["efficiency_configs"]), default=0)
    lines += ["", f"The most that (b) asks of the coordinator: {demand:,.0f} fold results/s."]
    return lines


def efficiency_row(args, workers, fold_seconds, target, plan, problems):
    trials = max(2, round(workers * plan["steady_seconds"] / (scale_runs.FOLDS * fold_seconds)))
    min_trials = max(5, min(20, trials // 4))
    log(f"(b) {workers} workers, {fold_seconds} s folds, {trials} trials")
    run = scale_runs.prepare(args.workdir, f"efficiency-{workers}w")
    with open(run.job, "w") as f:
        f.write(scale_runs.efficiency_job(f"scale-efficiency-{workers}w", trials, fold_seconds,
                                          min_trials, run.log, run.checkpoint))
    timeout = 900 + 3 * plan["steady_seconds"]
    scale_runs.execute(args, run, workers, timeout)
    head = f"| {workers} | {fold_seconds:g} | {trials} |"
    if run.error:
        if workers < 256 or args.smoke:
            problems.append(f"efficiency with {workers} workers failed: {run.error}")
        return (f"{head} failed: {run.error} | | {run.wall:.1f} | | | | | | | "
                f"{cores(run.other_load)} | | |")
    measured = scale_runs.efficiency(run.log, workers)
    if measured is None:
        problems.append(f"efficiency with {workers} workers: empty evaluation log {run.log}")
        return f"{head} no fold in the evaluation log | | {run.wall:.1f} | | | | | | | | | |"
    complete = run.span["trials_complete"]
    stopped_by = run.span.get("stopped_by", "-")
    if stopped_by.startswith("budget") or stopped_by == "-":
        ended = f"budget ({complete:.0f} complete)"
    else:  # the criterion ended the run early: the efficiency is up to then
        ended = f"{stopped_by} at {complete:.0f}"
    value = measured["efficiency"]
    if not 0 < value <= 1 or measured["pids"] != workers:
        problems.append(f"efficiency with {workers} workers: {measured}")
    busy_cores = scale_runs.machine_busy_cores(run, measured["t0"], measured["t1"])
    verdict = "-"
    if target is not None:
        verdict = f"≥ {target:.2f} {'met' if value >= target else 'MISSED'}"
    return (f"{head} {ended} | {run.span['criterion_evaluations']:.0f} | {run.wall:.1f} | "
            f"{measured['begin'] - run.launched:.1f} | {measured['ramp']:.2f} | "
            f"{measured['steady']:.2f} | {measured['gap_median'] * 1000:.0f} / "
            f"{measured['gap_p99'] * 1000:.0f} | {measured['end_idle']:.2f} | "
            f"{cores(busy_cores)} | {cores(run.other_load)} | {value:.3f} | {verdict} |")


def efficiency_table(args, plan, problems):
    lines = ["### (b) Worker efficiency: folds that sleep, GP optimizer (`bo`), regret-bound "
             f"criterion acting, {scale_runs.FOLDS} folds", "",
             "Efficiency = busy fold time / (workers × steady span), from the moment every "
             "worker has started its first fold (t0) to the last fold's end (t1); ramp = t0 − "
             "the first fold's start; start-up = mpirun's launch to the first fold's start "
             "(MPI_Init and loading the program in every rank); wall = mpirun's launch to its "
             "exit. Idle time: gap = a worker's wait between two folds (median / 99th "
             "percentile); end idle = mean over workers of t1 − their last fold's end. Machine "
             "busy = cores the whole machine kept busy from t0 to t1 (the run and anything "
             "else); other CPU load = cores kept busy by processes outside the run over its "
             "wall time (the machine may be shared).", "",
             "| workers | fold (s) | budget (trials) | ended by | criterion evaluations | "
             "wall (s) | start-up (s) | ramp (s) | steady span (s) | gap (ms) | end idle (s) | "
             f"machine busy (cores of {os.cpu_count()}) | other CPU load (cores) | efficiency "
             "| target |", "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for workers, fold_seconds, target in plan["efficiency_configs"]:
        lines.append(efficiency_row(args, workers, fold_seconds, target, plan, problems))
    return lines


def latency_table(args, plan, problems):
    log(f"(c) decision latency at n = {plan['latency_n']}")
    rows = scale_runs.decision_latency(args, plan["latency_n"], plan["cycles"])
    lines = [f"### (c) Coordinator decision latency: d = 9 (the paper's XGBoost space), "
             f"7 configurations in flight, {plan['cycles']} cycles per n", "",
             "A cycle: a trial's result is told to the Planner, the ready suggestion is taken, "
             "and the next one (knowing the result) is ready. The first ask after the n tells "
             "refits the GP hyperparameters.", "",
             "| n | first ask (refit) | decision latency median | max | planner decision median "
             "| regret-bound evaluation (off the decision path) | default criterion evaluation |",
             "|---|---|---|---|---|---|---|"]
    for n in plan["latency_n"]:
        row = rows.get(n)
        if row is None or not all(row[k] > 0 for k in ("first", "median", "max", "criterion")):
            problems.append(f"decision latency at n = {n}: {row}")
            lines.append(f"| {n} | missing | | | | | |")
            continue
        lines.append(f"| {n} | {seconds(row['first'])} | {seconds(row['median'])} | "
                     f"{seconds(row['max'])} | {seconds(row['planner_median'])} | "
                     f"{seconds(row['criterion'])} | {seconds(row['default_criterion'])} |")
    return lines


def make_plan(args):
    if args.smoke:
        return {"dispatch_workers": [2, 4], "dispatch_trials": 40, "round_trips": 20000,
                "efficiency_configs": [(2, 0.05, None), (4, 0.05, None)], "steady_seconds": 3,
                "latency_n": [100], "cycles": 3}
    return {"dispatch_workers": DISPATCH_WORKERS, "dispatch_trials": args.dispatch_trials,
            "round_trips": 200000,
            "efficiency_configs": [c for c in EFFICIENCY_CONFIGS if c[0] <= args.max_workers],
            "steady_seconds": args.steady_seconds, "latency_n": LATENCY_N, "cycles": 8}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fermata", required=True)
    parser.add_argument("--mpirun", default=shutil.which("mpirun") or "mpirun")
    parser.add_argument("--ping-pong", required=True)
    parser.add_argument("--latency", required=True)
    parser.add_argument("--span", help="scale_checkpoint_span (default: beside --latency)")
    parser.add_argument("--max-workers", type=int, default=128)
    parser.add_argument("--workdir", help="work files of every run (default: a temp dir)")
    parser.add_argument("--dispatch-trials", type=int, default=2000)
    parser.add_argument("--steady-seconds", type=float, default=25.0)
    parser.add_argument("--parts", default="abc", help="which measurements: a, b, c or a mix")
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    if args.span is None:
        args.span = os.path.join(os.path.dirname(args.latency), "scale_checkpoint_span")
    args.workdir = os.path.abspath(args.workdir or tempfile.mkdtemp(prefix="fermata-scale-"))
    os.makedirs(args.workdir, exist_ok=True)
    return args


def main():
    args = parse_args()
    plan = make_plan(args)
    problems = []
    log(f"work files in {args.workdir}")
    command = "python3 tests/bench/scale/scale_bench.py " + shlex.join(sys.argv[1:])
    lines = ["## Scale: the coordinator is never the bottleneck", "",
             f"Machine: {machine_description()}  ", f"Command: `{command}`", ""]
    for part, table in (("a", dispatch_table), ("b", efficiency_table), ("c", latency_table)):
        if part in args.parts:
            lines += table(args, plan, problems) + [""]
    print("\n".join(lines).rstrip(), flush=True)
    if problems:
        print("\nProblems:\n" + "\n".join(f"- {p}" for p in problems))
        sys.exit(1)


if __name__ == "__main__":
    main()
