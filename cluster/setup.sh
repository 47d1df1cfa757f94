#!/usr/bin/env bash
# Installs the Debian 12 packages of the lists asked for (cluster/packages/*.txt), then
# configures and builds fermata into build/. Idempotent: packages already present are not
# reinstalled and the build is incremental. Runs as root directly, or as a normal user
# through sudo (only apt-get runs as root; the build stays the user's).
#
#   cluster/setup.sh                 runtime packages, build everything CMake configures
#   FERMATA_PACKAGES="runtime mlp test slurm" cluster/setup.sh   what cluster/test.sh installs;
#                                    slurm only where no `sbatch` is on the PATH
#   FERMATA_TARGETS=fermata_cli cluster/setup.sh             build only the fermata binary
#   FERMATA_BUILD_DIR=dir cluster/setup.sh
#   FERMATA_SKIP_INSTALL=1 cluster/setup.sh   build only (packages already installed)
#   FERMATA_CMAKE_ARGS="-DFERMATA_SANITIZE=address" FERMATA_BUILD_DIR=build-asan cluster/setup.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FERMATA_BUILD_DIR:-$root/build}"
jobs="$(nproc 2>/dev/null || echo 2)"

packages=()
for list in ${FERMATA_PACKAGES:-runtime}; do
  if [[ "$list" == slurm ]] && command -v sbatch >/dev/null; then
    echo "fermata setup: sbatch is on the PATH ($(command -v sbatch)): not installing Debian's SLURM"
    continue
  fi
  file="$root/cluster/packages/$list.txt"
  if [[ ! -f "$file" ]]; then
    echo "fermata setup: no package list '$list' (expected $file)" >&2
    exit 2
  fi
  while read -r line; do
    line="${line%%#*}"
    line="${line//[[:space:]]/}"
    [[ -n "$line" ]] && packages+=("$line")
  done < "$file"
done

missing=()
for p in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)"
  [[ "$status" == "installed" ]] || missing+=("$p")
done

if [[ "${FERMATA_SKIP_INSTALL:-0}" != "1" && ${#missing[@]} -gt 0 ]]; then
  echo "fermata setup: installing ${#missing[@]} Debian packages: ${missing[*]}"
  if [[ "$(id -u)" -eq 0 ]]; then
    sudo_cmd=()
  elif command -v sudo >/dev/null; then
    sudo_cmd=(sudo)
  else
    echo "fermata setup: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "fermata setup: all ${#packages[@]} Debian packages present"
fi

# shellcheck disable=SC2086 # FERMATA_CMAKE_ARGS is a list of arguments
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE="${FERMATA_BUILD_TYPE:-RelWithDebInfo}" \
  ${FERMATA_CMAKE_ARGS:-}
targets=()
for target in ${FERMATA_TARGETS:-}; do targets+=(--target "$target"); done
cmake --build "$build" -j "$jobs" "${targets[@]}"
echo "fermata setup: built $build/fermata"
