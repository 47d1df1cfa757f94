// The coordinator's decision latency against the number of completed trials n, in process:
// a BO optimizer over the paper's 9-parameter XGBoost space is told n observations of a
// smooth deterministic function, then wrapped in a Planner with --in-flight configurations
// running (default 7). One cycle is what happens when a trial completes: the result is told,
// the ready suggestion is taken (it goes to a worker at once), and the planner makes the next
// one, now knowing the result. The cycle's latency runs from the tell until that next
// suggestion is ready. The first ask after the n tells refits the GP hyperparameters and is
// reported apart ("first"); the cycles after it are the steady state (rank-one updates, and a
// refit when the schedule asks for one). Also times the paper-exact regret-bound criterion
// and the default criterion (StoppingMonitor, default settings) as a run evaluates them, on
// the prefixes n, n + 1, ... of completed trials of 10 fold errors each (--prefixes of them):
// they run off the decision path. Shown are the median and the mean over those prefixes; the
// mean includes the multi-start fit that the regret bound makes on every 25th prefix, so over
// 25 or more prefixes it is the cost a run pays per trial. The process keeps freed heap memory
// as the coordinator does (keep_freed_heap_memory). Prints one line per n:
//   n <n> first <s> median <s> max <s> planner_median <s> planner_max <s> criterion <s>
//     criterion_mean <s> default_criterion <s> default_criterion_mean <s>
//   scale_decision_latency [--n 100,250,500,1000,2000] [--cycles 8] [--in-flight 7]
//                          [--prefixes 5]

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fermata/core/allocator.hpp>
#include <fermata/core/rng.hpp>
#include <fermata/optimizer/optimizer.hpp>
#include <fermata/runtime/planner.hpp>
#include <fermata/space/sobol.hpp>
#include <fermata/stopping/settings.hpp>
#include <fermata/stopping/stopping_monitor.hpp>

#include "bench/machine.hpp"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kFolds = 10;
constexpr std::uint64_t kSeed = 11;

struct Options {
  std::vector<int> n = {100, 250, 500, 1000, 2000};
  int cycles = 8;
  int in_flight = 7;
  int prefixes = 5;
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const std::string value = argv[i + 1];
    if (key == "--n") {
      options.n.clear();
      std::stringstream list(value);
      for (std::string item; std::getline(list, item, ',');) options.n.push_back(std::stoi(item));
    } else if (key == "--cycles") {
      options.cycles = std::stoi(value);
    } else if (key == "--in-flight") {
      options.in_flight = std::stoi(value);
    } else if (key == "--prefixes") {
      options.prefixes = std::stoi(value);
    } else {
      break;
    }
  }
  if (argc % 2 == 0 || options.n.empty() || options.cycles < 1 || options.in_flight < 0) {
    std::fprintf(stderr, "usage: %s [--n 100,250,...] [--cycles C] [--in-flight K]\n", argv[0]);
    std::exit(2);
  }
  return options;
}

/// The paper's XGBoost space (jobs/xgboost-optdigits.yaml).
fermata::Space xgboost_space() {
  using fermata::ParamKind;
  return fermata::Space({
      {"n_estimators", ParamKind::kInt, 2, 512, true, {}},
      {"learning_rate", ParamKind::kFloat, 1e-6, 1.0, true, {}},
      {"gamma", ParamKind::kFloat, 1e-6, 64.0, true, {}},
      {"min_child_weight", ParamKind::kFloat, 1e-6, 32.0, true, {}},
      {"max_depth", ParamKind::kInt, 2, 32, true, {}},
      {"subsample", ParamKind::kFloat, 0.5, 1.0, false, {}},
      {"colsample_bytree", ParamKind::kFloat, 0.3, 1.0, false, {}},
      {"reg_lambda", ParamKind::kFloat, 1e-6, 2.0, true, {}},
      {"reg_alpha", ParamKind::kFloat, 1e-6, 2.0, true, {}},
  });
}

/// A smooth function of the encoded inputs with an interior minimum, like a CV error surface.
double error_surface(const fermata::Space& space, const fermata::Config& config) {
  const Eigen::VectorXd u = space.encode(config);
  double value = 0.2;
  for (Eigen::Index d = 0; d < u.size(); ++d) {
    const double w = 1.0 / (1.0 + static_cast<double>(d));
    value += 0.05 * w * std::sin(3.0 * u[d] + static_cast<double>(d)) +
             0.1 * w * (u[d] - 0.3) * (u[d] - 0.3);
  }
  return value;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Latency {
  double first = 0;
  std::vector<double> cycles;
  std::vector<double> planner;  ///< PlannerStats::decision_seconds of the cycles
};

/// Told n observations, then `cycles` result-in → next-suggestion-out cycles with the planner.
Latency measure_decisions(const fermata::Space& space, int n, const Options& options) {
  fermata::OptimizerSettings settings;
  settings.kind = "bo";
  const auto optimizer = fermata::make_optimizer(settings, space, kSeed);
  fermata::SobolSequence design(space.size(), kSeed);
  for (int i = 0; i < n; ++i) {
    const fermata::Config config = space.from_uniform(design.next());
    optimizer->tell({config, error_surface(space, config)});
  }
  std::map<std::int64_t, fermata::Config> running;
  std::int64_t next_id = n;
  for (int i = 0; i < options.in_flight; ++i) {
    running.emplace(next_id++, space.from_uniform(design.next()));
  }

  Latency out;
  const auto built = Clock::now();
  fermata::Planner planner(*optimizer, running);
  planner.wait_ready(std::chrono::hours(1));
  out.first = seconds_since(built);
  for (int c = 0; c < options.cycles; ++c) {
    const auto completed = running.begin();
    const fermata::Observation result{completed->second, error_surface(space, completed->second)};
    const auto start = Clock::now();
    planner.tell(completed->first, result);
    running.erase(completed);
    std::optional<fermata::Config> taken = planner.take(next_id);
    while (!taken) {
      planner.wait_ready(std::chrono::hours(1));
      taken = planner.take(next_id);
    }
    running.emplace(next_id++, *taken);
    planner.wait_ready(std::chrono::hours(1));
    out.cycles.push_back(seconds_since(start));
  }
  const std::vector<double> decisions = planner.stats().decision_seconds;
  const auto cycles = static_cast<std::ptrdiff_t>(
      std::min<std::size_t>(decisions.size(), static_cast<std::size_t>(options.cycles)));
  out.planner.assign(decisions.end() - cycles, decisions.end());
  return out;
}

struct CriterionTime {
  double median = 0.0;
  double mean = 0.0;
};

/// Seconds of one evaluation of `criterion` as a run evaluates it: on the prefixes
/// n, n + 1, ..., n + prefixes − 1 in turn, of completed trials with noisy fold errors.
CriterionTime measure_criterion(const fermata::Space& space, int n, int prefixes,
                                const std::string& criterion) {
  const int last = n + prefixes - 1;
  fermata::SobolSequence design(space.size(), kSeed + 1);
  fermata::Rng rng(fermata::derive_seed(kSeed, {fermata::kStreamNoise}));
  std::normal_distribution<double> fold_noise(0.0, 0.01);
  std::vector<fermata::Trial> trials;
  trials.reserve(static_cast<std::size_t>(last));
  for (int i = 0; i < last; ++i) {
    fermata::Trial trial = fermata::Trial::make(i, space.from_uniform(design.next()), kFolds);
    const double value = error_surface(space, trial.params);
    double sum = 0;
    for (int j = 0; j < kFolds; ++j) {
      trial.fold_error[static_cast<std::size_t>(j)] = value + fold_noise(rng);
      trial.fold_seconds[static_cast<std::size_t>(j)] = 1.0;
      trial.fold_worker[static_cast<std::size_t>(j)] = 1 + j;
      sum += trial.fold_error[static_cast<std::size_t>(j)];
    }
    trial.value = sum / kFolds;
    trial.state = fermata::TrialState::kComplete;
    trial.started = 1.7e9 + i;
    trial.finished = trial.started + 1.0;
    trials.push_back(std::move(trial));
  }
  std::vector<const fermata::Trial*> complete;
  for (const fermata::Trial& trial : trials) complete.push_back(&trial);

  fermata::StoppingSettings settings;
  settings.criterion = criterion;
  const fermata::StoppingMonitor monitor(settings, kFolds);
  fermata::StoppingContext context;
  context.space = space;
  context.folds = kFolds;
  // A seed of the criterion's own: the stopping module caches fits by (seed, data), and the
  // criteria measured one after the other on the same prefixes must not share them.
  context.seed = kSeed + std::hash<std::string>{}(criterion);
  std::vector<double> times;
  for (int prefix = n; prefix <= last; ++prefix) {
    const std::vector<const fermata::Trial*> first(complete.begin(), complete.begin() + prefix);
    fermata::StoppingRecord record;
    const auto start = Clock::now();
    monitor.evaluate(first, context, 0.0, record);
    times.push_back(seconds_since(start));
  }
  double total = 0.0;
  for (double t : times) total += t;
  return {fermata::bench::median(times), total / static_cast<double>(times.size())};
}

}  // namespace

int main(int argc, char** argv) {
  fermata::keep_freed_heap_memory();
  const Options options = parse(argc, argv);
  try {
    const fermata::Space space = xgboost_space();
    std::printf("# %s; d = %zu, %d in flight, %d cycles per n\n",
                fermata::bench::machine_description().c_str(), space.size(), options.in_flight,
                options.cycles);
    for (const int n : options.n) {
      const Latency latency = measure_decisions(space, n, options);
      const CriterionTime criterion = measure_criterion(space, n, options.prefixes, "regret-bound");
      const CriterionTime default_criterion =
          measure_criterion(space, n, options.prefixes, fermata::kDefaultCriterion);
      const double cycle_max = *std::max_element(latency.cycles.begin(), latency.cycles.end());
      const double planner_max =
          latency.planner.empty()
              ? NAN
              : *std::max_element(latency.planner.begin(), latency.planner.end());
      std::printf(
          "n %d first %.6f median %.6f max %.6f planner_median %.6f planner_max %.6f "
          "criterion %.6f criterion_mean %.6f default_criterion %.6f default_criterion_mean "
          "%.6f\n",
          n, latency.first, fermata::bench::median(latency.cycles), cycle_max,
          latency.planner.empty() ? NAN : fermata::bench::median(latency.planner), planner_max,
          criterion.median, criterion.mean, default_criterion.median, default_criterion.mean);
      std::fflush(stdout);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scale_decision_latency: %s\n", e.what());
    return 1;
  }
  return 0;
}
