#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <fermata/gp/gaussian_process.hpp>
#include <fermata/stopping/criterion.hpp>
#include <fermata/stopping/regret_bound.hpp>

namespace fermata::stopping_detail {

/// @brief What every criterion built from the job's settings shares: its settings (with
/// the spec's parameters applied) and its label.
class SettingsCriterion : public StoppingCriterion {
 public:
  SettingsCriterion(const StoppingSettings& settings, std::string label)
      : settings_(settings), label_(std::move(label)) {}
  std::string label() const override { return label_; }

 protected:
  StoppingSettings settings_;

 private:
  std::string label_;
};

// One factory per criterion, each in its own file. `settings` already carries the spec's
// parameters and has been validated; `label` is the canonical spec.
std::unique_ptr<StoppingCriterion> make_robust_regret_bound_criterion(
    const StoppingSettings& settings, std::string label);
std::unique_ptr<StoppingCriterion> make_regret_bound_criterion(const StoppingSettings& settings,
                                                               std::string label);
std::unique_ptr<StoppingCriterion> make_static_criterion(const StoppingSettings& settings,
                                                         std::string label);
std::unique_ptr<StoppingCriterion> make_patience_criterion(const StoppingSettings& settings,
                                                           std::string label);
std::unique_ptr<StoppingCriterion> make_ei_threshold_criterion(const StoppingSettings& settings,
                                                               std::string label);
std::unique_ptr<StoppingCriterion> make_pi_threshold_criterion(const StoppingSettings& settings,
                                                               std::string label);
std::unique_ptr<StoppingCriterion> make_emmr_criterion(const StoppingSettings& settings,
                                                       std::string label);
std::unique_ptr<StoppingCriterion> make_none_criterion(std::string label);

/// @brief Numbers in reasons: four significant digits.
std::string format_short(double value);

/// @brief Sets stop and reason: never stops below min_trials ("fewer than min_trials (n < m)");
/// from there stops when `fires`, explained by `explanation`.
void decide(StoppingDecision& decision, std::size_t n, int min_trials, bool fires,
            const std::string& explanation);

/// @brief "<lhs> <a> < <rhs> <b> after <n> trials", with ">=" when a is not below b, or
/// "<lhs> or <rhs> not available after <n> trials" when either is NaN.
std::string comparison(const std::string& lhs, double a, const std::string& rhs, double b,
                       std::size_t n);

/// @brief compute_regret_bound of the trials; every field NaN (top_size 0) below two trials
/// or when the GP cannot be fitted, in which case `failure` says why.
RegretBound regret_bound_of(const std::vector<const Trial*>& complete,
                            const StoppingContext& context, const StoppingSettings& settings,
                            std::string& failure);

/// @brief ε of DESIGN.md §5.2 step 6 for the incumbent of `complete` (lowest value, ties to the
/// earliest); NaN with no trials or fewer than two folds.
double incumbent_statistical_error(const std::vector<const Trial*>& complete,
                                   const StoppingContext& context, double error_scale);

/// @brief The MAP-fitted GP on every trial (the ei/pi-threshold model), seeded by the prefix.
GaussianProcess fit_all_trials(const std::vector<const Trial*>& complete,
                               const StoppingContext& context);

}  // namespace fermata::stopping_detail
