// Does the regret-bound criterion stop earlier when the folds are noisier? Runs the real
// fermata binary on Hartmann-6 with fold noise 0.01, 0.05 and 0.2 (5 seeds each, budget
// 200 unless --budget) and prints the median trial at which the run stopped.
//   termination_noise FERMATA_BINARY [--seeds N] [--budget N] [--top-fraction R]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <fermata/checkpoint/checkpoint.hpp>

#include "bench/machine.hpp"
#include "support/process.hpp"

namespace {

const char* kJob = R"(name: noise
seed: 1
cv: {folds: 5}
model:
  kind: synthetic
  fixed: {function: hartmann6, noise: 0.05}
space:
  x1: {type: float, low: 0, high: 1}
  x2: {type: float, low: 0, high: 1}
  x3: {type: float, low: 0, high: 1}
  x4: {type: float, low: 0, high: 1}
  x5: {type: float, low: 0, high: 1}
  x6: {type: float, low: 0, high: 1}
budget: {max_trials: 200}
stopping: {criterion: regret-bound, min_trials: 20}
checkpoint: {path: noise.h5}
)";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FERMATA_BINARY [--seeds N] [--budget N] [--top-fraction R]\n",
                 argv[0]);
    return 2;
  }
  const std::string fermata = argv[1];
  int seeds = 5, budget = 200;
  std::string top_fraction = "0.5";
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--seeds") == 0) seeds = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--budget") == 0) budget = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--top-fraction") == 0) top_fraction = argv[i + 1];
  }
  std::printf(
      "regret-bound stopping on Hartmann-6 (5 folds), %d seeds, budget %d, top_fraction %s\n",
      seeds, budget, top_fraction.c_str());
  std::printf("machine: %s\n\n", fermata::bench::machine_description().c_str());
  std::printf("| fold noise | stopping trials (per seed)         | median | stopped early |\n");
  std::printf("|------------|------------------------------------|--------|---------------|\n");
  fermata::testing::TempDir dir;
  dir.write("job.yaml", kJob);
  std::vector<double> medians;
  for (const double noise : {0.01, 0.05, 0.2}) {
    std::vector<double> stops;
    std::string per_seed;
    int early = 0;
    for (int seed = 1; seed <= seeds; ++seed) {
      std::filesystem::remove(dir.path() + "/noise.h5");
      char set_noise[64];
      std::snprintf(set_noise, sizeof set_noise, "model.fixed.noise=%g", noise);
      const auto r = fermata::testing::run_process(
          {fermata, "run", "job.yaml", "--quiet", "--log-level", "warn", "--seed",
           std::to_string(seed), "--max-trials", std::to_string(budget), "--set", set_noise,
           "--set", "stopping.top_fraction=" + top_fraction},
          dir.path());
      if (r.exit_code != 0) {
        std::fprintf(stderr, "run failed (exit %d):\n%s\n", r.exit_code, r.output.c_str());
        return 1;
      }
      const fermata::Study study = fermata::read_checkpoint(dir.path() + "/noise.h5");
      const bool by_criterion = study.stopping.criterion == "regret-bound";
      const double at = static_cast<double>(study.count(fermata::TrialState::kComplete));
      stops.push_back(at);
      early += by_criterion ? 1 : 0;
      per_seed += (per_seed.empty() ? "" : " ") + std::to_string(static_cast<int>(at));
    }
    medians.push_back(fermata::bench::median(stops));
    std::printf("| %10.2f | %-34s | %6.0f | %6d of %-4d |\n", noise, per_seed.c_str(),
                medians.back(), early, seeds);
  }
  const bool decreasing = medians[0] > medians[1] && medians[1] > medians[2];
  std::printf("\nmedian stopping trial %s as the noise grows\n",
              decreasing ? "strictly decreases" : "does NOT strictly decrease");
  return decreasing ? 0 : 1;
}
