#pragma once

namespace fermata {

/// @brief Exports OMP_NUM_THREADS, OPENBLAS_NUM_THREADS, MKL_NUM_THREADS and
/// BLIS_NUM_THREADS = `threads` to the programs this process starts (a command model's
/// training program), so that ranks sharing a node do not oversubscribe its cores. A value
/// the user set stands. Call it once, before any other thread starts (setenv is not
/// thread-safe).
void export_thread_limits(int threads);

/// @brief Limits the numerical libraries used on the calling thread to `threads` threads:
/// the OpenMP runtime of XGBoost and libtorch (its count is kept per thread), and OpenBLAS
/// or BLIS when one of them provides the BLAS. The coordinator calls it with 1 (its GP runs
/// on threads of its own, not OpenMP's); a worker with `model.threads`.
void pin_library_threads(int threads);

/// @brief The CPUs this process may run on: its affinity mask, which is what SLURM's
/// --cpus-per-task, a cgroup or `taskset` leaves it; at least 1.
int available_cores();

}  // namespace fermata
