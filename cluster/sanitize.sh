#!/usr/bin/env bash
# Builds fermata and its tests with sanitizers, in a build directory of their own, and runs
# the unit, MPI and end-to-end tests under them (README, "Testing").
#
#   cluster/sanitize.sh address [ctest arguments]   AddressSanitizer + UBSan, in build-asan
#   cluster/sanitize.sh thread [ctest arguments]    ThreadSanitizer, in build-tsan
#
# Every instrumented process the tests start (fermata, mpirun's ranks, test binaries)
# inherits the options set here: any report ends it with an error, so the test fails.
# Suppressions (tests/sanitizers/*.supp) cover only libraries that are not instrumented;
# tests/sanitizers/keep_libraries_loaded.cpp keeps Open MPI's components loaded so that
# their leaks can be named and suppressed.
# Tests with a time limit multiply it by FERMATA_TEST_TIME_SCALE.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kind="${1:-}"
case "$kind" in
  address) build="$root/build-asan" ;;
  thread) build="$root/build-tsan" ;;
  *)
    echo "usage: $0 address|thread [ctest arguments]" >&2
    exit 2
    ;;
esac
shift
supp="$root/tests/sanitizers"
FERMATA_BUILD_DIR="$build" \
  FERMATA_PACKAGES="runtime mlp test" \
  FERMATA_CMAKE_ARGS="-DFERMATA_SANITIZE=$kind -DFERMATA_BUILD_BENCHMARKS=OFF" \
  "$root/cluster/setup.sh"

# Open MPI unloads its components (and libpmix) in MPI_Finalize: a leak or a suppression that
# names one of them then has nothing to name (ASan) or ends the process (TSan's
# called_from_lib). The preloaded library keeps every library loaded until exit.
keep_loaded="$build/keep_libraries_loaded.so"
"${CXX:-c++}" -shared -fPIC -O2 -o "$keep_loaded" "$supp/keep_libraries_loaded.cpp"
export LD_PRELOAD="$keep_loaded${LD_PRELOAD:+:$LD_PRELOAD}"
if [[ "$kind" == address ]]; then
  # verify_asan_link_order=0: the preloaded library comes before the ASan runtime.
  export ASAN_OPTIONS="verify_asan_link_order=0:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1"
  export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  export FERMATA_TEST_TIME_SCALE="${FERMATA_TEST_TIME_SCALE:-3}"
else
  export TSAN_OPTIONS="suppressions=$supp/tsan.supp:halt_on_error=1:second_deadlock_stack=1:print_suppressions=0"
  export FERMATA_TEST_TIME_SCALE="${FERMATA_TEST_TIME_SCALE:-5}"
fi
cd "$build"
ctest --output-on-failure -j 2 -L "unit|mpi|e2e" "$@"
