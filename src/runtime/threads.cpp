#include <fermata/runtime/threads.hpp>

#include <dlfcn.h>
#include <omp.h>
#include <sched.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include <spdlog/spdlog.h>

namespace fermata {
namespace {

constexpr const char* kThreadVariables[] = {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                            "MKL_NUM_THREADS", "BLIS_NUM_THREADS"};

/// Calls `name(threads)` when a loaded library defines it. Looked up at run time because
/// which BLAS a cluster provides (Debian switches it with update-alternatives) is not known
/// when fermata is built.
void call_if_loaded(const char* name, int threads) {
  using SetThreads = void (*)(int);
  if (void* symbol = dlsym(RTLD_DEFAULT, name); symbol != nullptr) {
    reinterpret_cast<SetThreads>(symbol)(threads);
  }
}

}  // namespace

void export_thread_limits(int threads) {
  const std::string value = std::to_string(std::max(1, threads));
  for (const char* variable : kThreadVariables) {
    setenv(variable, value.c_str(), /*overwrite=*/0);
  }
}

void pin_library_threads(int threads) {
  threads = std::max(1, threads);
  omp_set_num_threads(threads);
  call_if_loaded("openblas_set_num_threads", threads);
  call_if_loaded("bli_thread_set_num_threads", threads);
  spdlog::debug("numerical libraries limited to {} thread(s)", threads);
}

int available_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return 1;
  return std::max(1, CPU_COUNT(&set));
}

}  // namespace fermata
