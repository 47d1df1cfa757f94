// What crash accounting costs per fold: the coordinator journals each dispatch and each
// outcome (two appended lines). Measured against the 50 ms fold of a small model, as a
// ratio, in the same run; the file lives in the system temp directory.
//   dispatch_journal_bench [--folds N]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include <fermata/runtime/dispatch_journal.hpp>

#include "bench/machine.hpp"

int main(int argc, char** argv) {
  long folds = 200000;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--folds") folds = std::atol(argv[i + 1]);
  }
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("fermata_journal_bench_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  using Clock = std::chrono::steady_clock;
  fermata::DispatchJournal journal((dir / "study.h5").string());
  journal.start(0.0);
  const auto start = Clock::now();
  for (long i = 0; i < folds; ++i) {
    journal.dispatched(i / 10, static_cast<int>(i % 10));
    journal.resolved(i / 10, static_cast<int>(i % 10));
  }
  const double journal_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  // The baseline: one fold of a small model, 50 ms of training (slept, as the synthetic
  // model does), timed in the same run.
  const auto fold_start = Clock::now();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const double fold_seconds = std::chrono::duration<double>(Clock::now() - fold_start).count();
  const double per_fold = journal_seconds / static_cast<double>(folds);
  const auto bytes = fs::file_size(journal.path());
  fs::remove_all(dir);
  std::printf("## Dispatch journal: cost per fold\n\nMachine: %s\n\n",
              fermata::bench::machine_description().c_str());
  std::printf(
      "| folds journaled | journal bytes per fold | journal time per fold | 50 ms fold "
      "measured | ratio |\n|---|---|---|---|---|\n");
  std::printf("| %ld | %.1f | %.2f us | %.1f ms | %.2e |\n", folds,
              static_cast<double>(bytes) / static_cast<double>(folds), 1e6 * per_fold,
              1e3 * fold_seconds, per_fold / fold_seconds);
  return 0;
}
