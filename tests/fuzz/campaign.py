#!/usr/bin/env python3
"""Runs one libFuzzer target until it has used its CPU budget or found no new coverage for a
while, then merges the committed corpus and what it found into the smallest set that keeps every
feature (libFuzzer's -merge=1), which replaces the corpus's own inputs (named inputs:
seeds, regression-*, crash-*, leak-*, timeout-*, oom-*, stay), and prints one row.

  campaign.py FUZZER CORPUS_DIR [--cpu-minutes 30] [--plateau-minutes 10] [--work DIR]

Both limits count the fuzzer's own CPU time (from /proc), not wall time, so a campaign run
at low priority beside other work means the same as one run alone. "Coverage" is libFuzzer's
`cov:` (edges reached); a plateau is that many CPU minutes without it growing. Crashes,
leaks and timeouts are kept by libFuzzer as crash-*/leak-*/timeout-* files in the work
directory; the campaign goes on after each (-fork mode is not used: one process, one CPU),
and the row says how many there were.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

STATUS = re.compile(r"^#(\d+)\s+\S+\s+cov: (\d+) ft: (\d+)")
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User + system CPU seconds of a process and its waited-for children."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    utime, stime, cutime, cstime = (int(fields[i]) for i in (11, 12, 13, 14))
    return (utime + stime + cutime + cstime) / TICKS


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("fuzzer")
    parser.add_argument("corpus")
    parser.add_argument("--cpu-minutes", type=float, default=30.0)
    parser.add_argument("--plateau-minutes", type=float, default=10.0)
    parser.add_argument("--work", default=None)
    args = parser.parse_args()

    name = os.path.basename(args.fuzzer)
    work = args.work or tempfile.mkdtemp(prefix=f"campaign-{name}-")
    os.makedirs(work, exist_ok=True)
    found = os.path.join(work, "found")
    os.makedirs(found, exist_ok=True)
    # A fresh corpus directory that starts from the committed one: new inputs land there, and
    # the committed corpus only changes through the minimizing merge at the end.
    command = [os.path.abspath(args.fuzzer), found, os.path.abspath(args.corpus),
               "-print_final_stats=1", "-timeout=10", "-rss_limit_mb=4096",
               f"-artifact_prefix={work}/"]
    log_path = os.path.join(work, "fuzz.log")
    restarts = 0
    runs = 0
    best_cov, best_cov_cpu, cpu_before, execs = 0, 0.0, 0.0, 0
    reason = None
    start = time.time()
    offset = 0
    while reason is None:
        with open(log_path, "a") as log:
            proc = subprocess.Popen(command, cwd=work, stdout=log, stderr=subprocess.STDOUT)
        cpu = cpu_before
        pending = ""

        def read_status():
            """Follows the log: the newest executions count and coverage."""
            nonlocal offset, pending, execs, best_cov, best_cov_cpu
            with open(log_path, errors="replace") as f:
                f.seek(offset)
                chunk = f.read()
                offset = f.tell()
            pending += chunk
            *lines, pending = pending.split("\n")
            for line in lines:
                match = STATUS.match(line)
                if match:
                    execs = max(execs, runs + int(match.group(1)))
                    if int(match.group(2)) > best_cov:
                        best_cov, best_cov_cpu = int(match.group(2)), cpu

        while proc.poll() is None:
            time.sleep(1.0)
            now = cpu_seconds(proc.pid)
            if now is not None:
                cpu = cpu_before + now
            read_status()
            if cpu >= args.cpu_minutes * 60:
                reason = f"{args.cpu_minutes:g} CPU minutes"
            elif cpu - best_cov_cpu >= args.plateau_minutes * 60:
                reason = f"no new coverage for {args.plateau_minutes:g} CPU minutes"
            if reason:
                proc.terminate()
                proc.wait()
        read_status()
        if reason is None:
            # The fuzzer stopped by itself: it found a crash, leak or timeout (kept as an
            # artifact). Count it and go on, so that one bug does not end the campaign.
            restarts += 1
            runs = execs
            cpu_before = cpu
            if restarts > 50:
                reason = "more than 50 crashes"
    artifacts = sorted(f for f in os.listdir(work)
                       if f.startswith(("crash-", "leak-", "timeout-", "oom-")))
    before = len(os.listdir(args.corpus))
    # A minimizing merge into an empty directory: the smallest set of the committed and the
    # new inputs that keeps every feature any of them reached; it then replaces the corpus.
    merged = os.path.join(work, "merged")
    shutil.rmtree(merged, ignore_errors=True)
    os.makedirs(merged)
    merge = subprocess.run([os.path.abspath(args.fuzzer), "-merge=1", merged,
                            os.path.abspath(args.corpus), found], cwd=work, capture_output=True,
                           text=True)
    if merge.returncode != 0 or not os.listdir(merged):
        print(merge.stderr[-2000:], file=sys.stderr)
        sys.exit(f"{name}: the merge failed; the corpus is unchanged")
    for f in os.listdir(args.corpus):
        # Only libFuzzer's own inputs (named by their SHA-1) are replaced. Named ones are
        # hand-written seeds, regression inputs (regression-*) and what a campaign once
        # crashed, leaked or hung on (crash-*, leak-*, timeout-*, oom-*): they stay whatever
        # coverage they add now that the bug is fixed.
        if re.fullmatch(r"[0-9a-f]{40}", f):
            os.remove(os.path.join(args.corpus, f))
    for f in os.listdir(merged):
        shutil.copy(os.path.join(merged, f), args.corpus)
    after = len(os.listdir(args.corpus))
    print(f"| {name} | {cpu / 60:.1f} | {time.time() - start:.0f} | {execs} | {best_cov} | "
          f"{reason} | {len(artifacts)} | {before} -> {after} |")
    for a in artifacts:
        print(f"  artifact: {os.path.join(work, a)}")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if artifacts else 0


if __name__ == "__main__":
    sys.exit(main())
