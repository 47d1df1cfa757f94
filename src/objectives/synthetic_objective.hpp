#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <fermata/objectives/objective.hpp>
#include <fermata/objectives/synthetic.hpp>

#include "objectives/evaluation_log.hpp"

namespace fermata {

/// @brief The options of the synthetic model, read from `model.fixed`.
struct SyntheticOptions {
  std::string function;    ///< branin | hartmann6 | mixed | styblinski_tang9 (required)
  double noise = 0.0;      ///< std of the Gaussian noise added to every fold's value
  double seconds = 0.0;    ///< simulated training time per fold (slept)
  double fail_rate = 0.0;  ///< probability in [0, 1) that a fold fails
  /// The trial whose folds kill the process that evaluates them (as a segfault or the kernel's
  /// OOM killer would), for tests of crash recovery; -1 = none.
  long crash_trial = -1;
  /// SIGSEGV (crash_signal: segv), SIGKILL (kill), or 0 (oom): allocate memory until the
  /// kernel's OOM killer ends the process.
  int crash_signal = 11;
  /// A file to which every worker appends a "start" and an "end" line per fold (for tests
  /// that count evaluations across kills); empty = none.
  std::string evaluation_log;
};

/// @brief Parses `model.fixed` for the synthetic model. Throws JobError naming the key, what
/// was expected and what was found, for an unknown key, a bad value or a missing `function`.
SyntheticOptions parse_synthetic_options(const std::map<std::string, std::string>& fixed);

/// @brief A benchmark function as the objective (`model.kind: synthetic`): fold j of trial t
/// returns f(config) + noise·z with z ~ N(0, 1) drawn from derive_seed(seed, {kStreamNoise, t,
/// j}), after sleeping `seconds`; with probability `fail_rate`, decided from (seed, t, j), the
/// fold throws ModelError instead. Needs no data; holds no mutable state, so evaluate() may be
/// called from several threads at once.
class SyntheticObjective : public Objective {
 public:
  /// Throws JobError for bad `model.fixed` options or a space that is not the function's
  /// (same names, kinds, bounds and choices; order and log scale may differ).
  explicit SyntheticObjective(const ObjectiveSpec& spec);

  double evaluate(const Config& config, std::int64_t trial, int fold) override;
  /// As evaluate(), but whether a fold fails is drawn anew for every attempt, as a flaky
  /// node or a transient error would behave; the value of a fold that succeeds is the same.
  double evaluate_attempt(const Config& config, std::int64_t trial, int fold, int attempt) override;
  /// The noise-free function value: the error a configuration would have on unseen data, with
  /// neither noise, simulated time nor simulated failures.
  double test_error(const Config& config, std::int64_t trial) override;
  int folds() const override { return folds_; }

  /// The function this objective evaluates (for its optimum and minimizer).
  const SyntheticFunction& function() const { return *function_; }

 private:
  /// The job's configuration in the function's parameter order and choice indices.
  Config to_function_config(const Config& config) const;

  SyntheticOptions options_;
  EvaluationLog log_;
  const SyntheticFunction* function_;
  std::uint64_t seed_;
  int folds_;
  std::size_t job_size_;
  /// For each function parameter: its index in the job's space.
  std::vector<std::size_t> job_index_;
  /// For each function parameter that is categorical: job choice index → function choice index.
  std::vector<std::vector<double>> choice_map_;
};

}  // namespace fermata
