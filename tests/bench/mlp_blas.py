#!/usr/bin/env python3
"""The mlp model's training time with the reference BLAS against OpenBLAS, in one run.

  mlp_blas.py --fermata build/fermata [--data ../shared/data] [--trials 3] [--repeats 2]

libtorch does its matrix products through Debian's libblas.so.3, whichever implementation the
alternatives system points it at. This runs the same jobs/mlp-phoneme.yaml trials (random
search with a fixed seed, the same configurations every time, one thread, synchronous, one
local worker) with the library directory of each implementation first on LD_LIBRARY_PATH,
alternating the two --repeats times, and prints the training seconds over all folds (from the
checkpoint) and their ratio. Needs libblas3 and libopenblas0-pthread installed.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from machine import machine_description  # noqa: E402

LIBDIR = "/usr/lib/x86_64-linux-gnu"
BLAS = {"reference": f"{LIBDIR}/blas", "openblas": f"{LIBDIR}/openblas-pthread"}
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def training_seconds(args, blas, workdir, repeat):
    checkpoint = os.path.join(workdir, f"{blas}-{repeat}.h5")
    env = dict(os.environ, LD_LIBRARY_PATH=BLAS[blas])
    job = os.path.join(ROOT, "jobs", "mlp-phoneme.yaml")
    run = subprocess.run(
        [args.fermata, "run", job, "--quiet", "--checkpoint", checkpoint,
         "--max-trials", str(args.trials),
         "--set", f"data.path={args.data}/phoneme/phoneme.tsv.gz",
         "--set", "optimizer.kind=random", "--set", "stopping.criterion=none",
         "--set", "runtime.synchronous=true"],
        env=env, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"mlp_blas: the {blas} run exited {run.returncode}: {run.stderr}")
    report = subprocess.run([args.fermata, "report", checkpoint, "--json"], capture_output=True,
                            text=True, check=True)
    return json.loads(report.stdout)["time"]["training_seconds"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fermata", required=True)
    parser.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    for blas, path in BLAS.items():
        if not os.path.exists(os.path.join(path, "libblas.so.3")):
            sys.exit(f"mlp_blas: no {blas} BLAS at {path} (install libblas3 and "
                     "libopenblas0-pthread)")
    seconds = {blas: [] for blas in BLAS}
    with tempfile.TemporaryDirectory() as workdir:
        for repeat in range(args.repeats):
            for blas in BLAS:
                seconds[blas].append(training_seconds(args, blas, workdir, repeat))
    print(f"machine: {machine_description()}")
    print(f"command: mlp_blas.py --trials {args.trials} --repeats {args.repeats} "
          "(jobs/mlp-phoneme.yaml, random configurations, 10 folds, 1 thread)\n")
    print("| BLAS | training seconds per run | ratio to reference (best run) |")
    print("|---|---|---|")
    best = {blas: min(values) for blas, values in seconds.items()}
    for blas, values in seconds.items():
        runs = ", ".join(f"{v:.1f}" for v in values)
        print(f"| {blas} | {runs} | {best[blas] / best['reference']:.2f} |")


if __name__ == "__main__":
    main()
