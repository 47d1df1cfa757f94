#!/usr/bin/env bash
# Installs every Debian 12 package fermata needs (cluster/packages.txt), then configures and
# builds fermata into build/. Idempotent: packages already present are not reinstalled and
# the build is incremental. Runs as root directly, or as a normal user through sudo.
#
#   cluster/setup.sh                 install + build (Release with debug info)
#   FERMATA_BUILD_DIR=dir cluster/setup.sh
#   FERMATA_SKIP_INSTALL=1 cluster/setup.sh   build only (packages already installed)
#   FERMATA_CMAKE_ARGS="-DFERMATA_SANITIZE=address" FERMATA_BUILD_DIR=build-asan cluster/setup.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FERMATA_BUILD_DIR:-$root/build}"
jobs="$(nproc 2>/dev/null || echo 2)"

packages=()
while read -r line; do
  line="${line%%#*}"
  line="${line//[[:space:]]/}"
  [[ -n "$line" ]] && packages+=("$line")
done < "$root/cluster/packages.txt"

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
cmake --build "$build" -j "$jobs"
echo "fermata setup: built $build/fermata"
