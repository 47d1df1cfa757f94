#!/usr/bin/env bash
# The README's first command: install what building and running fermata needs
# (cluster/packages/runtime.txt) and build the fermata binary alone (cluster/setup.sh), then
# run the quickstart job (generated data, XGBoost, 5-fold CV) under mpirun with 4 ranks:
# 1 coordinator and 3 workers. The checkpoint goes to runs/quickstart.h5 (a previous one is
# moved aside) and the HTML report to runs/quickstart.html.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FERMATA_PACKAGES=runtime FERMATA_TARGETS=fermata_cli "$root/cluster/setup.sh"
cd "$root"
if [[ -f runs/quickstart.h5 ]]; then
  mv runs/quickstart.h5 "runs/quickstart.$(date +%Y%m%d-%H%M%S).h5"
fi
"$root/cluster/mpirun.sh" -n 4 "$root/build/fermata" run jobs/quickstart.yaml
"$root/build/fermata" report runs/quickstart.h5 --html runs/quickstart.html > /dev/null
echo "checkpoint: runs/quickstart.h5   (fermata report runs/quickstart.h5)"
echo "report:     runs/quickstart.html (open it in a browser)"
