#!/usr/bin/env bash
# Prints `fermata report` of every checkpoint (*.h5) in DIR, then one line per checkpoint:
# seed, complete trials, best value and why the study stopped ("unfinished" when it has
# not stopped yet). Seeds come from the <stem>-seedN.h5 names fermata-array.sbatch gives.
#   cluster/slurm/collect-reports.sh DIR
# FERMATA is the fermata binary (default: build/fermata).
set -uo pipefail
if [[ $# -ne 1 || ! -d "$1" ]]; then
  echo "usage: $0 CHECKPOINT_DIR" >&2
  exit 2
fi
fermata=${FERMATA:-build/fermata}
shopt -s nullglob
checkpoints=("$1"/*.h5)
if ((${#checkpoints[@]} == 0)); then
  echo "$0: no checkpoint (*.h5) in $1" >&2
  exit 1
fi
# Numeric seed order, so seed10 follows seed9.
mapfile -t checkpoints < <(printf '%s\n' "${checkpoints[@]}" |
  sed -E 's/^(.*-seed([0-9]+)\.h5)$/\2 \1/; t; s/^/0 /' | sort -n -k1,1 | cut -d' ' -f2-)

status=0
summary=()
for checkpoint in "${checkpoints[@]}"; do
  echo "== $checkpoint"
  if ! report=$("$fermata" report "$checkpoint" 2>&1); then
    echo "$report"
    summary+=("$(printf '%-6s %9s  %-14s %s' "?" "-" "-" "unreadable: $checkpoint")")
    status=1
    continue
  fi
  echo "$report"
  seed=$(basename "$checkpoint" | sed -nE 's/.*-seed([0-9]+)\.h5$/\1/p')
  complete=$(sed -nE 's/^trials +([0-9]+) complete.*/\1/p' <<<"$report")
  best=$(sed -nE 's/^best +trial [0-9]+: .* ([^ ]+)$/\1/p' <<<"$report")
  stopped=$(sed -nE 's/^stopped +//p' <<<"$report")
  summary+=("$(printf '%-6s %9s  %-14s %s' "${seed:-?}" "${complete:-0}" "${best:--}" \
    "${stopped:-unfinished}")")
done
echo
printf '%-6s %9s  %-14s %s\n' seed complete best stopped
printf '%s\n' "${summary[@]}"
exit "$status"
