// BO against random search on the synthetic functions with known optima: median simple
// regret (best value found − optimum) over seeds after a fixed number of evaluations.
//   optimizer_regret [--seeds N] [--evaluations N]
// Evaluations are noise-free, one at a time (ask, evaluate, tell).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <fermata/objectives/synthetic.hpp>
#include <fermata/optimizer/optimizer.hpp>

#include "bench/machine.hpp"

namespace {

double simple_regret(const fermata::SyntheticFunction& fn, const std::string& kind,
                     std::uint64_t seed, int evaluations) {
  fermata::OptimizerSettings settings;
  settings.kind = kind;
  settings.initial_trials = 10;
  auto optimizer = fermata::make_optimizer(settings, fn.space, seed);
  double best = INFINITY;
  for (int i = 0; i < evaluations; ++i) {
    const fermata::Config c = optimizer->ask({});
    const double value = fn.f(c);
    optimizer->tell({c, value});
    best = std::min(best, value);
  }
  return best - fn.optimum;
}

}  // namespace

int main(int argc, char** argv) {
  int seeds = 10, evaluations = 60;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--seeds") == 0) seeds = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--evaluations") == 0) evaluations = std::atoi(argv[i + 1]);
  }
  std::printf("BO vs random search: median simple regret over %d seeds, %d evaluations\n", seeds,
              evaluations);
  std::printf("machine: %s\n\n", fermata::bench::machine_description().c_str());
  std::printf("| function  | random     | bo         | random/bo | bo s/run |\n");
  std::printf("|-----------|------------|------------|-----------|----------|\n");
  int failures = 0;
  for (const std::string name : {"branin", "hartmann6", "mixed"}) {
    const auto& fn = fermata::synthetic_function(name);
    std::vector<double> random, bo;
    double bo_seconds = 0;
    for (int s = 1; s <= seeds; ++s) {
      random.push_back(simple_regret(fn, "random", static_cast<std::uint64_t>(s), evaluations));
      const auto start = std::chrono::steady_clock::now();
      bo.push_back(simple_regret(fn, "bo", static_cast<std::uint64_t>(s), evaluations));
      bo_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    const double r = fermata::bench::median(random), b = fermata::bench::median(bo);
    const double ratio = b > 0 ? r / b : INFINITY;
    std::printf("| %-9s | %10.3g | %10.3g | %9.1f | %8.2f |\n", name.c_str(), r, b, ratio,
                bo_seconds / seeds);
    failures += ratio >= 5.0 ? 0 : 1;
  }
  std::printf("\nBO's median regret is %s 5x smaller than random search's on every function\n",
              failures == 0 ? "at least" : "NOT");
  return failures == 0 ? 0 : 1;
}
