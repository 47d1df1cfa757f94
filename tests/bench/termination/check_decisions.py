#!/usr/bin/env python3
"""Pins the stopping decisions of the default criterion and of the paper's on recorded runs.

  check_decisions.py --eval termination_eval [--update]

Judges the runs and criteria listed in expected_decisions.csv (beside this script) with
termination_eval, from the committed histories in runs/, and fails if a stop trial, RYC or RTC
differs from the file. A change to a criterion that moves a decision shows here first;
--update rewrites the file after such a change was meant.
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED = os.path.join(HERE, "expected_decisions.csv")
COLUMNS = ["run", "criterion", "stop_trial", "ryc", "rtc"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", required=True, help="the termination_eval binary")
    parser.add_argument("--update", action="store_true")
    args = parser.parse_args()
    with open(EXPECTED) as f:
        expected = list(csv.DictReader(f))
    runs = sorted({r["run"] for r in expected})
    criteria = list(dict.fromkeys(r["criterion"] for r in expected))
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "rows.csv")
        command = [args.eval, "--out", out, "--jobs", "2"]
        for c in criteria:
            command += ["--criterion", c]
        command += [os.path.join(HERE, "runs", run + ".csv.gz") for run in runs]
        subprocess.run(command, check=True)
        with open(out) as f:
            got = [{k: r[k] for k in COLUMNS} for r in csv.DictReader(f)]
    if args.update:
        with open(EXPECTED, "w", newline="") as f:
            writer = csv.DictWriter(f, COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(got)
        print(f"wrote {len(got)} decisions to {EXPECTED}")
        return
    key = lambda r: (r["run"], r["criterion"])  # noqa: E731
    got_by_key = {key(r): r for r in got}
    failures = 0
    for want in expected:
        have = got_by_key.get(key(want))
        same = have is not None and have["stop_trial"] == want["stop_trial"] and all(
            abs(float(have[c]) - float(want[c])) <= 1e-12 for c in ("ryc", "rtc"))
        print(f"{'ok  ' if same else 'FAIL'} {want['run']} {want['criterion']}: stops at "
              f"{have['stop_trial'] if have else '?'} (expected {want['stop_trial']})")
        failures += not same
    print(f"{len(expected) - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
