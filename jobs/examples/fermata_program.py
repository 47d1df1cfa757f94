"""Turns a Python function train(config, fold) -> error into a training program for
fermata's command model, in either of its two modes (standard library only).

    import fermata_program

    def train(config, fold, job):
        ...  # fit on the fold's training rows with config["C"], ...
        return validation_error

    if __name__ == "__main__":
        fermata_program.serve(train)

- Persistent (model.persistent: true): the program starts once per worker; fermata sends one
  JSON line per fold on standard input and serve() answers each with {"id": ..., "error": e}
  on standard output, or {"id": ..., "failed": "..."} when train() raises (the fold fails,
  the program keeps serving). What train() prints goes to standard error, so it cannot be
  taken for a reply. At the end of input serve() returns.
- Per fold (the default): fermata runs the program once per fold with --name value pairs on
  its command line, e.g. [python3, my_train.py, --fold, "{fold}", --C, "{C}"]; serve() reads
  them, calls train() once and prints {"error": e}.

Both modes give train() the same values. `config` maps every tuned parameter and every
model.fixed key to its value: a number where it is one, else a string. A command line carries
text, and a float parameter at a whole value arrives there as "1", read as the int 1 (a
request line sends 1.0): cast where the type matters, float(config["max_features"]), and
both modes train alike. `fold` is 0 .. folds-1, or "test"
for the held-out test set: train on every non-test row and return the test error. The
optional third argument `job` has the run's constants: folds, seed, data (data.path), threads
(model.threads; fermata also sets OMP_NUM_THREADS and the BLAS variables to it) and trial.
Options --folds, --seed, --data, --threads and --trial go to `job` in per-fold mode.
"""

import inspect
import json
import math
import os
import re
import sys
import traceback
from types import SimpleNamespace

JOB_KEYS = ("folds", "seed", "data", "threads", "trial")
_INTEGER = re.compile(r"[+-]?\d+")


def value_of(text):
    """The number `text` is, else the text itself: how both modes type a value."""
    if not isinstance(text, str):
        return text
    if _INTEGER.fullmatch(text):
        return int(text)
    try:
        return float(text)
    except ValueError:
        return text


def _fold_of(value):
    return "test" if value == "test" else int(value)


def _call(train, config, fold, job):
    try:
        takes_job = len(inspect.signature(train).parameters) >= 3
    except (TypeError, ValueError):
        takes_job = True
    error = float(train(config, fold, job) if takes_job else train(config, fold))
    if not math.isfinite(error):
        raise ValueError(f"train() returned {error}, expected a finite error")
    return error


def _parse_command_line(argv):
    """--name value pairs into (config, fold, job)."""
    config, job, fold = {}, {}, None
    if len(argv) % 2 != 0:
        sys.exit(f"expected --name value pairs, found {' '.join(argv)!r}")
    for flag, text in zip(argv[::2], argv[1::2]):
        if not flag.startswith("--") or len(flag) < 3:
            sys.exit(f"expected an option --name, found {flag!r}")
        name = flag[2:]
        if name == "fold":
            fold = _fold_of(text)
        elif name in JOB_KEYS:
            job[name] = value_of(text)
        else:
            config[name] = value_of(text)
    if fold is None:
        sys.exit("expected --fold K (0 .. folds-1, or test)")
    return config, fold, SimpleNamespace(**{k: job.get(k) for k in JOB_KEYS})


def _serve_lines(train):
    # Replies go to the real standard output; anything else printed goes to standard error.
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    sys.stdout = sys.stderr
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        reply = {"id": request.get("id")}
        config = {k: value_of(v) for k, v in request.get("fixed", {}).items()}
        config.update({k: value_of(v) for k, v in request["config"].items()})
        job = SimpleNamespace(**{k: request.get(k) for k in JOB_KEYS})
        try:
            reply["error"] = _call(train, config, _fold_of(request["fold"]), job)
        except Exception as e:  # the fold fails; the program keeps serving
            traceback.print_exc(file=sys.stderr)
            sys.stderr.flush()
            reply["failed"] = f"{type(e).__name__}: {e}"
        replies.write(json.dumps(reply) + "\n")


def serve(train, argv=None):
    """Runs `train` for fermata: one fold from the command line when it has options, else
    every request line on standard input (persistent mode)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv:
        config, fold, job = _parse_command_line(argv)
        print(json.dumps({"error": _call(train, config, fold, job)}))
    else:
        _serve_lines(train)
