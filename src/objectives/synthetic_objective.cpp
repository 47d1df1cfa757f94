#include "objectives/synthetic_objective.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>

#include <fermata/core/error.hpp>
#include <fermata/core/rng.hpp>
#include <fermata/core/spelling.hpp>

namespace fermata {
namespace {

/// A finite number in [low, high] (or [low, high) when `open_high`), else JobError.
double parse_number(const std::string& key, const std::string& text, double low, double high,
                    bool open_high, const std::string& expected) {
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  const bool in_range = value >= low && (open_high ? value < high : value <= high);
  if (ec != std::errc() || ptr != end || !std::isfinite(value) || !in_range) {
    throw JobError("model.fixed." + key + ": expected " + expected + ", found '" + text + "'");
  }
  return value;
}

/// "a float in [0, 1]", "an int in [1, 10]", "a categorical with choices {a, b, c}".
std::string describe(const Parameter& p) {
  switch (p.kind) {
    case ParamKind::kFloat:
      return fmt::format("a float in [{}, {}]", p.low, p.high);
    case ParamKind::kInt:
      return fmt::format("an int in [{}, {}]", p.low, p.high);
    case ParamKind::kCategorical:
      return fmt::format("a categorical with choices {{{}}}", fmt::join(p.choices, ", "));
  }
  return "?";
}

/// Same kind and bounds, or the same set of choices; the scale (log) is free because it only
/// changes how the optimizer searches, not the function.
bool same_domain(const Parameter& wanted, const Parameter& found) {
  if (wanted.kind != found.kind) return false;
  if (wanted.kind != ParamKind::kCategorical) {
    return wanted.low == found.low && wanted.high == found.high;
  }
  if (wanted.choices.size() != found.choices.size()) return false;
  return std::all_of(wanted.choices.begin(), wanted.choices.end(), [&](const std::string& c) {
    return std::find(found.choices.begin(), found.choices.end(), c) != found.choices.end();
  });
}

std::string parameter_names(const Space& space) {
  std::vector<std::string> names;
  for (const Parameter& p : space.parameters()) names.push_back(p.name);
  return fmt::format("{}", fmt::join(names, ", "));
}

/// Ends this process as a crashing model would: by `signal`, or (0) by allocating and touching
/// memory until the kernel's OOM killer ends it. The memory a process may use is meant to be
/// capped (a memory cgroup, in the root-only test); without a kill after kOomCap bytes, the
/// fold fails with a ModelError instead of taking the machine's memory.
void crash(int signal) {
  if (signal != 0) {
    std::raise(signal);
    return;
  }
  constexpr std::size_t kChunk = std::size_t{64} << 20;
  constexpr std::size_t kOomCap = std::size_t{8} << 30;
  std::vector<std::unique_ptr<char[]>> hoard;
  for (std::size_t total = 0; total < kOomCap; total += kChunk) {
    hoard.push_back(std::make_unique<char[]>(kChunk));
    std::memset(hoard.back().get(), 1, kChunk);  // touched, so the pages are really used
  }
  throw ModelError("crash_signal oom: no OOM kill after 8 GiB (is the memory capped?)");
}

}  // namespace

SyntheticOptions parse_synthetic_options(const std::map<std::string, std::string>& fixed) {
  SyntheticOptions options;
  bool has_function = false;
  for (const auto& [key, value] : fixed) {
    if (key == "function") {
      options.function = value;
      has_function = true;
    } else if (key == "noise") {
      options.noise = parse_number(key, value, 0.0, HUGE_VAL, false, "a number >= 0");
    } else if (key == "seconds") {
      options.seconds = parse_number(key, value, 0.0, HUGE_VAL, false, "a number of seconds >= 0");
    } else if (key == "fail_rate") {
      options.fail_rate = parse_number(key, value, 0.0, 1.0, true, "a probability in [0, 1)");
    } else if (key == "evaluation_log") {
      options.evaluation_log = value;
    } else if (key == "crash_trial") {
      options.crash_trial = static_cast<long>(
          parse_number(key, value, 0.0, 1e15, false, "a trial id (an integer >= 0)"));
      if (options.crash_trial != std::stod(value)) {
        throw JobError("model.fixed.crash_trial: expected a trial id (an integer >= 0), found '" +
                       value + "'");
      }
    } else if (key == "crash_signal") {
      if (value != "segv" && value != "kill" && value != "oom") {
        throw JobError("model.fixed.crash_signal: expected segv, kill or oom, found '" + value +
                       "'");
      }
      options.crash_signal = value == "segv" ? SIGSEGV : value == "kill" ? SIGKILL : 0;
    } else {
      throw JobError("model.fixed." + key +
                     ": unknown option for the synthetic model (expected function, noise, "
                     "seconds, fail_rate, evaluation_log, crash_trial, crash_signal)" +
                     did_you_mean(key, {"function", "noise", "seconds", "fail_rate",
                                        "evaluation_log", "crash_trial", "crash_signal"}));
    }
  }
  if (!has_function) {
    throw JobError(
        "model.fixed.function: the synthetic model needs it (one of branin, hartmann6, mixed, "
        "styblinski_tang9), "
        "found nothing");
  }
  synthetic_function(options.function);  // throws JobError naming the valid functions
  return options;
}

SyntheticObjective::SyntheticObjective(const ObjectiveSpec& spec)
    : options_(parse_synthetic_options(spec.model.fixed)),
      log_(options_.evaluation_log),
      function_(&synthetic_function(options_.function)),
      seed_(spec.seed),
      folds_(spec.cv.folds),
      job_size_(spec.space.size()) {
  const Space& wanted = function_->space;
  const Space& job = spec.space;
  const std::string who = "the " + function_->name + " function";
  for (const Parameter& w : wanted.parameters()) {
    const int index = job.index_of(w.name);
    if (index < 0) {
      throw JobError("space." + w.name + ": " + who + " needs " + describe(w) +
                     ", found no such parameter");
    }
    const Parameter& found = job[static_cast<std::size_t>(index)];
    if (!same_domain(w, found)) {
      throw JobError("space." + w.name + ": " + who + " needs " + describe(w) + ", found " +
                     describe(found));
    }
    job_index_.push_back(static_cast<std::size_t>(index));
    std::vector<double> map;
    for (const std::string& choice : found.choices) {
      const auto at = std::find(w.choices.begin(), w.choices.end(), choice);
      map.push_back(static_cast<double>(at - w.choices.begin()));
    }
    choice_map_.push_back(std::move(map));
  }
  for (const Parameter& p : job.parameters()) {
    if (wanted.index_of(p.name) < 0) {
      std::vector<std::string> names;
      for (const Parameter& w : wanted.parameters()) names.push_back(w.name);
      throw JobError("space." + p.name + ": " + who + " has no such parameter (expected " +
                     parameter_names(wanted) + ")" + did_you_mean(p.name, names));
    }
  }
}

Config SyntheticObjective::to_function_config(const Config& config) const {
  if (config.size() != job_size_) {
    throw ModelError(fmt::format("synthetic model: expected a configuration of {} values, found {}",
                                 job_size_, config.size()));
  }
  Config out(job_index_.size());
  for (std::size_t i = 0; i < job_index_.size(); ++i) {
    const double value = config[job_index_[i]];
    const std::vector<double>& map = choice_map_[i];
    if (map.empty()) {
      out[i] = value;
      continue;
    }
    const double choice = std::round(value);
    if (!(choice >= 0 && choice < static_cast<double>(map.size()))) {
      throw ModelError(
          fmt::format("synthetic model: {}: expected a choice index in [0, {}], found {}",
                      function_->space[i].name, map.size() - 1, value));
    }
    out[i] = map[static_cast<std::size_t>(choice)];
  }
  return out;
}

double SyntheticObjective::evaluate(const Config& config, std::int64_t trial, int fold) {
  return evaluate_attempt(config, trial, fold, 0);
}

double SyntheticObjective::evaluate_attempt(const Config& config, std::int64_t trial, int fold,
                                            int attempt) {
  if (fold < 0 || fold >= folds_) {
    throw ModelError(
        fmt::format("synthetic model: expected a fold in [0, {}], found {}", folds_ - 1, fold));
  }
  const Config x = to_function_config(config);
  log_.append("start", trial, fold);
  if (trial == options_.crash_trial) crash(options_.crash_signal);
  // A failing fold still costs its training time, as a real model that fails late would.
  if (options_.seconds > 0) {
    std::this_thread::sleep_for(std::chrono::duration<double>(options_.seconds));
  }
  log_.append("end", trial, fold);
  const auto t = static_cast<std::uint64_t>(trial);
  const auto j = static_cast<std::uint64_t>(fold);
  if (options_.fail_rate > 0) {
    // Its own stream, so switching failures on does not change the noise of the other folds;
    // a retry draws again.
    Rng failure_rng(attempt == 0 ? derive_seed(seed_, {kStreamModel, t, j})
                                 : derive_seed(seed_, {kStreamModel, t, j,
                                                       static_cast<std::uint64_t>(attempt)}));
    if (boost::random::uniform_01<double>()(failure_rng) < options_.fail_rate) {
      throw ModelError(fmt::format("simulated failure (trial {}, fold {})", trial, fold));
    }
  }
  const double value = function_->f(x);
  if (options_.noise == 0) return value;
  // Boost's normal_distribution, unlike std's, gives the same draws on every platform.
  Rng noise_rng(derive_seed(seed_, {kStreamNoise, t, j}));
  return value + options_.noise * boost::random::normal_distribution<double>(0.0, 1.0)(noise_rng);
}

double SyntheticObjective::test_error(const Config& config, std::int64_t /*trial*/) {
  return function_->f(to_function_config(config));
}

}  // namespace fermata
