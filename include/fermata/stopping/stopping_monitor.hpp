#pragma once

#include <memory>
#include <string>
#include <vector>

#include <fermata/stopping/criterion.hpp>
#include <fermata/stopping/settings.hpp>
#include <fermata/study/study.hpp>

namespace fermata {

/// @brief Evaluates the acting criterion (`settings.criterion`) and every monitored one
/// (`settings.monitor`) after each completed trial, and records them in the study's
/// StoppingRecord. Only the acting criterion stops the run; monitors are recorded so that
/// criteria can be compared on the same run (DESIGN.md §5.4).
class StoppingMonitor {
 public:
  /// @brief Builds the criteria with make_criterion; throws JobError as it does. A monitor
  /// whose label equals the acting criterion's, or an earlier monitor's, is skipped.
  StoppingMonitor(const StoppingSettings& settings, int folds);

  /// @brief Evaluates every criterion on the prefix `complete` (completed trials in the order
  /// they completed) and appends one row to `record.history`:
  /// - "n_trials" and "elapsed_seconds" (as passed in);
  /// - the acting criterion's values under their plain names (regret_bound,
  ///   statistical_error, beta, ucb_min, lcb_min, ...) and "decision" (0/1);
  /// - for each monitor, "<label>.<value name>" and "<label>.decision".
  /// Columns stay rectangular: a column new in this row is filled with NaN for the earlier
  /// rows, and a column this row has no value for gets NaN. When the acting criterion fires,
  /// sets record.stopped, record.criterion (its label) and record.reason. Returns the acting
  /// criterion's decision.
  bool evaluate(const std::vector<const Trial*>& complete, const StoppingContext& context,
                double elapsed_seconds, StoppingRecord& record) const;

  /// @brief The acting criterion's label ("none" when nothing acts).
  std::string acting_label() const { return acting_->label(); }
  /// @brief Labels of the monitors that are evaluated, in order.
  std::vector<std::string> monitor_labels() const;

 private:
  std::unique_ptr<StoppingCriterion> acting_;
  std::vector<std::unique_ptr<StoppingCriterion>> monitors_;
};

}  // namespace fermata
