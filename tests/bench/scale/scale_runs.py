"""Runs of the fermata binary and of the helper programs for scale_bench.py, and what is
measured from them. Python standard library only.

Every run writes its work files (job, checkpoint, evaluation log, output) into a directory
of its own; a run that fails (MPI_Init at a few hundred ranks, a timeout) comes back with
`error` set instead of raising, so the benchmark can say so and go on.
"""
import os
import resource
import subprocess
import time

BRANIN_SPACE = """space:
  x1: {type: float, low: -5, high: 10}
  x2: {type: float, low: 0, high: 15}
"""

HARTMANN6_SPACE = "space:\n" + "".join(
    f"  x{i}: {{type: float, low: 0, high: 1}}\n" for i in range(1, 7))

FOLDS = 10


def mpirun_command(mpirun, ranks):
    command = [mpirun, "--oversubscribe", "-n", str(ranks)]
    if os.geteuid() == 0:
        command.insert(1, "--allow-run-as-root")
    return command


def dispatch_job(name, trials, checkpoint):
    """No-op folds (Branin, no sleep), random search, no criterion: only dispatch costs."""
    return (f"name: {name}\nseed: 1\ncv: {{folds: {FOLDS}}}\n"
            "model: {kind: synthetic, fixed: {function: branin}}\n" + BRANIN_SPACE +
            "optimizer: {kind: random}\n"
            f"budget: {{max_trials: {trials}}}\n"
            "stopping: {criterion: none}\n"
            f"checkpoint: {{path: {checkpoint}}}\n")


def efficiency_job(name, trials, fold_seconds, min_trials, log, checkpoint):
    """Hartmann-6 folds that sleep `fold_seconds`, with the GP optimizer and the regret-bound
    criterion acting, as a real tuning run: only the coordinator's costs are real."""
    return (f"name: {name}\nseed: 1\ncv: {{folds: {FOLDS}}}\n"
            "model:\n  kind: synthetic\n"
            f"  fixed: {{function: hartmann6, noise: 0.05, seconds: {fold_seconds}, "
            f"evaluation_log: {log}}}\n" + HARTMANN6_SPACE +
            "optimizer: {kind: bo}\n"
            f"budget: {{max_trials: {trials}}}\n"
            f"stopping: {{criterion: regret-bound, min_trials: {min_trials}}}\n"
            f"checkpoint: {{path: {checkpoint}}}\n")


class Run:
    """One `fermata run` under mpirun: its files, exit code, wall time and error."""

    def __init__(self, directory):
        self.directory = directory
        self.job = os.path.join(directory, "job.yaml")
        self.checkpoint = os.path.join(directory, "run.h5")
        self.log = os.path.join(directory, "evaluations.log")
        self.output = os.path.join(directory, "output.txt")
        self.returncode = None
        self.launched = None  # unix seconds, just before mpirun started
        self.wall = None
        self.other_load = None  # cores busy with processes other than this run, on average
        self.cpu_samples = []  # (unix seconds, machine busy CPU seconds), twice a second
        self.error = None
        self.span = {}


def prepare(workdir, name):
    """A fresh directory for run `name` (files of an earlier benchmark run removed)."""
    run = Run(os.path.join(workdir, name))
    os.makedirs(run.directory, exist_ok=True)
    for path in (run.checkpoint, run.checkpoint + ".prev", run.checkpoint + ".tmp", run.log,
                 run.output):
        if os.path.exists(path):
            os.remove(path)
    return run


def last_lines(path, count=3):
    try:
        with open(path, errors="replace") as f:
            lines = [line.strip() for line in f if line.strip()]
    except OSError:
        return ""
    return " / ".join(lines[-count:])


def execute(args, run, workers, timeout):
    """Validates the job, runs it on `workers` workers plus the coordinator, reads the span."""
    check = subprocess.run([args.fermata, "validate", run.job], capture_output=True, text=True)
    if check.returncode != 0:
        raise SystemExit(f"scale_bench: the job {run.job} is invalid:\n{check.stderr}")
    command = mpirun_command(args.mpirun, workers + 1) + [args.fermata, "run", run.job, "--quiet"]
    machine_before, own_before = busy_cpu_seconds(), children_cpu_seconds()
    run.launched = time.time()
    with open(run.output, "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        while run.returncode is None:
            run.cpu_samples.append((time.time(), busy_cpu_seconds()))
            try:
                run.returncode = process.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                if time.time() - run.launched > timeout:
                    # mpirun gives each rank a process group of its own, all in its session.
                    subprocess.run(["pkill", "-KILL", "-s", str(process.pid)], check=False)
                    run.returncode = process.wait()
                    run.error = f"timed out after {timeout:.0f} s"
    run.wall = time.time() - run.launched
    others = (busy_cpu_seconds() - machine_before) - (children_cpu_seconds() - own_before)
    # Below a second the clock ticks of /proc/stat make the ratio meaningless.
    run.other_load = max(0.0, others) / run.wall if run.wall >= 1 else float("nan")
    if run.error is None and run.returncode != 0:
        run.error = f"exit {run.returncode}: {last_lines(run.output)}".replace("|", "/")
    if run.error is None:
        run.span = read_span(args.span, run.checkpoint)
    return run


def busy_cpu_seconds():
    """CPU seconds the whole machine has been busy since boot (/proc/stat, all CPUs)."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal ...: idle and iowait are not busy.
    busy = sum(fields[:8]) - fields[3] - fields[4]
    return busy / os.sysconf("SC_CLK_TCK")


def machine_busy_cores(run, t0, t1):
    """Average cores the whole machine kept busy between unix times t0 and t1 (from the
    samples taken during the run), or NaN when fewer than two samples fall in between."""
    inside = [sample for sample in run.cpu_samples if t0 <= sample[0] <= t1]
    if len(inside) < 2 or inside[-1][0] <= inside[0][0]:
        return float("nan")
    return (inside[-1][1] - inside[0][1]) / (inside[-1][0] - inside[0][0])


def children_cpu_seconds():
    """CPU seconds of this process's finished children (mpirun and, through it, the ranks)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def read_span(span_program, checkpoint):
    """scale_checkpoint_span's "key value" lines as a dict of floats (reason as text)."""
    out = subprocess.run([span_program, checkpoint], capture_output=True, text=True, check=True)
    span = {}
    for line in out.stdout.splitlines():
        key, _, value = line.partition(" ")
        span[key] = value if key in ("reason", "stopped_by") else float(value)
    return span


def ping_pong(args, round_trips):
    """Round trips per second of a 200-byte message between two ranks, or None (and why)."""
    command = mpirun_command(args.mpirun, 2) + [args.ping_pong, "--round-trips", str(round_trips)]
    out = subprocess.run(command, capture_output=True, text=True, timeout=300)
    for line in out.stdout.splitlines():
        fields = line.split()
        if fields and fields[0] == "round_trips_per_second":
            return float(fields[1]), None
    return None, f"exit {out.returncode}: {out.stderr.strip()[-300:]}"


def fold_intervals(log):
    """[(pid, start, end)] of every fold evaluation in an evaluation log."""
    starts = {}
    intervals = []
    with open(log) as f:
        for line in f:
            event, trial, fold, when, pid = line.split()
            key = (trial, fold, pid)
            if event == "start":
                starts[key] = float(when)
            elif event == "end" and key in starts:
                intervals.append((pid, starts.pop(key), float(when)))
    return intervals


def percentile(sorted_values, fraction):
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


def efficiency(log, workers):
    """Worker efficiency from the moment every worker is up (its first fold started):
    t0 = the latest first start over worker PIDs, t1 = the last end; busy = the folds'
    [start, end] clipped to [t0, t1]; efficiency = busy / (workers * (t1 - t0))."""
    intervals = fold_intervals(log)
    if not intervals:
        return None
    first_start = {}
    for pid, start, _ in intervals:
        first_start[pid] = min(start, first_start.get(pid, start))
    t0 = max(first_start.values())
    t1 = max(end for _, _, end in intervals)
    begin = min(first_start.values())
    busy = sum(max(0.0, min(end, t1) - max(start, t0)) for _, start, end in intervals)
    # Where the idle time goes: waits between a worker's folds, and the end of the run, when
    # the budget is dispatched and workers run out of folds.
    by_worker = {}
    for pid, start, end in intervals:
        by_worker.setdefault(pid, []).append((start, end))
    gaps = []
    end_idle = []
    for folds in by_worker.values():
        folds.sort()
        gaps += [b[0] - a[1] for a, b in zip(folds, folds[1:])]
        end_idle.append(t1 - folds[-1][1])
    gaps.sort()
    return {
        "t0": t0,
        "t1": t1,
        "efficiency": busy / (workers * (t1 - t0)) if t1 > t0 else float("nan"),
        "ramp": t0 - begin,
        "steady": t1 - t0,
        "begin": begin,
        "span": t1 - begin,
        "folds": len(intervals),
        "pids": len(first_start),
        "gap_median": percentile(gaps, 0.5) if gaps else float("nan"),
        "gap_p99": percentile(gaps, 0.99) if gaps else float("nan"),
        "end_idle": sum(end_idle) / len(end_idle),
    }


def decision_latency(args, ns, cycles):
    """scale_decision_latency's rows: {n: {first, median, max, planner_median, ...}}."""
    command = [args.latency, "--n", ",".join(str(n) for n in ns), "--cycles", str(cycles)]
    out = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if out.returncode != 0:
        raise SystemExit(f"scale_bench: {' '.join(command)} exited {out.returncode}:\n"
                         f"{out.stderr}")
    rows = {}
    for line in out.stdout.splitlines():
        if line.startswith("#"):
            continue
        fields = line.split()
        values = {fields[i]: float(fields[i + 1]) for i in range(0, len(fields), 2)}
        rows[int(values["n"])] = values
    return rows
