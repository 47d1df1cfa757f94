#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <fermata/space/space.hpp>
#include <fermata/stopping/settings.hpp>
#include <fermata/study/trial.hpp>

namespace fermata {

/// @brief What every criterion may use besides the completed trials.
struct StoppingContext {
  Space space;
  int folds = 1;
  /// n_val / n_train of the folds (the mean over folds of validation rows over training
  /// rows). NaN: not known (no data, e.g. a synthetic objective): equal folds are assumed,
  /// 1/(k−1).
  double validation_ratio = kNaN;
  std::uint64_t seed = 0;  ///< job seed; criteria derive their own streams from it
};

/// @brief One evaluation of a criterion: the decision, why, and the named values behind it
/// (in a fixed order, so they can be recorded as history columns).
struct StoppingDecision {
  bool stop = false;
  std::string reason;  ///< e.g. "regret bound 0.0012 < statistical error 0.0031"
  std::vector<std::pair<std::string, double>> values;
};

/// @brief A stopping criterion. `evaluate` is a pure function of the completed trials (in
/// the order they completed), the context and the settings: evaluating the same prefix
/// twice, online or offline (`fermata criterion`), gives the same values.
class StoppingCriterion {
 public:
  virtual ~StoppingCriterion() = default;
  /// The name with its parameters, e.g. "regret-bound" or "patience(patience=10)"; unique
  /// within a run and used as the prefix of its history columns.
  virtual std::string label() const = 0;
  virtual StoppingDecision evaluate(const std::vector<const Trial*>& complete,
                                    const StoppingContext& context) const = 0;
};

/// @brief Names of the criteria: robust-regret-bound (the default), regret-bound, static,
/// patience, ei-threshold, pi-threshold, emmr (and none, which never stops, always last).
const std::vector<std::string>& criterion_names();

/// @brief The options (stopping_options() keys) criterion `name` reads; empty for none or an
/// unknown name.
const std::vector<std::string>& criterion_options(const std::string& name);

/// @brief The options the acting criterion and the monitors of `settings` read, in their
/// order (a key may repeat).
std::vector<std::string> options_read(const StoppingSettings& settings);

/// @brief The criterion described by `spec`: a name, optionally with parameters that
/// override `settings`, e.g. "patience(patience=10)" or "regret-bound(error_scale=0.5)".
/// Throws JobError for an unknown name (listing the valid ones), an unknown parameter, a
/// malformed spec, an option out of its range, or a criterion that needs fold errors when
/// folds == 1 (explaining `static`).
std::unique_ptr<StoppingCriterion> make_criterion(const std::string& spec,
                                                  const StoppingSettings& settings, int folds);

}  // namespace fermata
