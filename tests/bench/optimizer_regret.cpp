// BO against random search on the synthetic functions with known optima: median simple
// regret (best value found − optimum) over seeds after a fixed number of evaluations.
//   optimizer_regret [--seeds N] [--evaluations N] [--in-flight 1,8,64] [--window W]
// Evaluations are noise-free. The first table asks one at a time (ask, evaluate, tell).
// The second simulates an asynchronous run with K trials in flight: trial i takes
// 0.5 + u_i time units (u_i uniform, from the seed, the same in both arms); results that
// arrive within W (default 0.25) of the first one are told together, as a coordinator does
// with results that came in while the planner was busy, and the freed slots are refilled
// either one at a time (ask with the others pending: the kriging believer, as the
// optimizer did before batching) or with one ask_batch, as the planner does now. Same
// seeds, same budget, same schedule: only the way a group of slots is refilled differs.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <boost/random/uniform_real_distribution.hpp>
#include <fermata/core/rng.hpp>
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

struct Running {
  double finish;
  fermata::Config config;
};

/// Simple regret after `evaluations` evaluations with `in_flight` trials in flight, slots
/// refilled by ask_batch (`batched`) or by one ask per slot.
double async_regret(const fermata::SyntheticFunction& fn, std::uint64_t seed, int evaluations,
                    int in_flight, double window, bool batched) {
  fermata::OptimizerSettings settings;
  settings.kind = "bo";
  settings.initial_trials = 10;
  auto optimizer = fermata::make_optimizer(settings, fn.space, seed);
  fermata::Rng durations(fermata::derive_seed(seed, {77}));
  boost::random::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<Running> running;
  int dispatched = 0, completed = 0;
  double now = 0.0, best = INFINITY;
  auto refill = [&] {
    const int count =
        std::min(in_flight - static_cast<int>(running.size()), evaluations - dispatched);
    if (count <= 0) return;
    std::vector<fermata::Config> pending;
    for (const Running& r : running) pending.push_back(r.config);
    std::vector<fermata::Config> fresh;
    if (batched) {
      fresh = optimizer->ask_batch(pending, count);
    } else {
      for (int i = 0; i < count; ++i) {
        fresh.push_back(optimizer->ask(pending));
        pending.push_back(fresh.back());
      }
    }
    for (fermata::Config& c : fresh) {
      running.push_back({now + 0.5 + u(durations), std::move(c)});
      ++dispatched;
    }
  };
  refill();
  while (completed < evaluations) {
    std::sort(running.begin(), running.end(),
              [](const Running& a, const Running& b) { return a.finish < b.finish; });
    now = running.front().finish;
    std::size_t done = 0;
    while (done < running.size() && running[done].finish <= now + window) ++done;
    for (std::size_t i = 0; i < done; ++i) {
      const double value = fn.f(running[i].config);
      optimizer->tell({running[i].config, value});
      best = std::min(best, value);
      ++completed;
    }
    now += window;
    running.erase(running.begin(), running.begin() + static_cast<std::ptrdiff_t>(done));
    refill();
  }
  return best - fn.optimum;
}

std::vector<int> parse_list(const char* text) {
  std::vector<int> out;
  for (const char* p = text; *p != 0;) {
    out.push_back(std::atoi(p));
    while (*p != 0 && *p != ',') ++p;
    if (*p == ',') ++p;
  }
  return out;
}

/// The second table: one-at-a-time kriging believer against batches, per function and K.
int in_flight_table(int seeds, int evaluations, const std::vector<int>& in_flight, double window) {
  std::printf(
      "\nAsynchronous, K trials in flight, %d evaluations, %d seeds, results grouped "
      "within %.2f of the first:\nmedian simple regret; 'batch <= one' counts seeds "
      "where the batched run is at least as good\n\n",
      evaluations, seeds, window);
  std::printf(
      "| function  |  K | one at a time | batched    | one/batched | batch <= one "
      "| one s/run | batched s/run |\n");
  std::printf(
      "|-----------|----|---------------|------------|-------------|--------------"
      "|-----------|---------------|\n");
  for (const std::string name : {"branin", "hartmann6", "mixed"}) {
    const auto& fn = fermata::synthetic_function(name);
    for (int k : in_flight) {
      std::vector<double> one, batch;
      double one_seconds = 0, batch_seconds = 0;
      int wins = 0;
      for (int s = 1; s <= seeds; ++s) {
        const auto seed = static_cast<std::uint64_t>(s);
        auto start = std::chrono::steady_clock::now();
        one.push_back(async_regret(fn, seed, evaluations, k, window, false));
        auto mid = std::chrono::steady_clock::now();
        batch.push_back(async_regret(fn, seed, evaluations, k, window, true));
        auto end = std::chrono::steady_clock::now();
        one_seconds += std::chrono::duration<double>(mid - start).count();
        batch_seconds += std::chrono::duration<double>(end - mid).count();
        wins += batch.back() <= one.back() ? 1 : 0;
      }
      const double o = fermata::bench::median(one), b = fermata::bench::median(batch);
      std::printf("| %-9s | %2d | %13.3g | %10.3g | %11.2f | %6d of %-3d | %9.2f | %13.2f |\n",
                  name.c_str(), k, o, b, b > 0 ? o / b : INFINITY, wins, seeds, one_seconds / seeds,
                  batch_seconds / seeds);
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int seeds = 10, evaluations = 60;
  std::vector<int> in_flight;
  double window = 0.25;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--seeds") == 0) seeds = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--evaluations") == 0) evaluations = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--in-flight") == 0) in_flight = parse_list(argv[i + 1]);
    if (std::strcmp(argv[i], "--window") == 0) window = std::atof(argv[i + 1]);
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
  if (!in_flight.empty()) in_flight_table(seeds, evaluations, in_flight, window);
  return failures == 0 ? 0 : 1;
}
