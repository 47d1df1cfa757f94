#include <cmath>

#include <fmt/format.h>

#include <fermata/core/error.hpp>
#include <fermata/stopping/statistical_error.hpp>

#include "stopping/criteria.hpp"
#include "stopping/stopping_model.hpp"

namespace fermata::stopping_detail {

std::string format_short(double value) {
  return fmt::format("{:.4g}", value);
}

void decide(StoppingDecision& decision, std::size_t n, int min_trials, bool fires,
            const std::string& explanation) {
  if (n < static_cast<std::size_t>(min_trials)) {
    decision.stop = false;
    decision.reason = fmt::format("fewer than min_trials ({} < {})", n, min_trials);
    return;
  }
  decision.stop = fires;
  decision.reason = explanation;
}

std::string comparison(const std::string& lhs, double a, const std::string& rhs, double b,
                       std::size_t n) {
  if (std::isnan(a) || std::isnan(b)) {
    return fmt::format("{} or {} not available after {} trials", lhs, rhs, n);
  }
  return fmt::format("{} {} {} {} {} after {} trials", lhs, format_short(a),
                     a < b ? "<" : ">=", rhs, format_short(b), n);
}

RegretBound regret_bound_of(const std::vector<const Trial*>& complete,
                            const StoppingContext& context, const StoppingSettings& settings,
                            std::string& failure) {
  RegretBound bound{kNaN, kNaN, kNaN, kNaN, kNaN, 0};
  if (complete.size() < 2) return bound;  // a GP on one point says nothing about the space
  std::vector<Eigen::VectorXd> x;
  std::vector<double> y;
  for (const Trial* t : complete) {
    x.push_back(context.space.encode(t->params));
    y.push_back(t->value);
  }
  try {
    bound = compute_regret_bound(x, y, context.space, settings, context.seed);
  } catch (const Error& e) {
    failure = e.what();
  }
  return bound;
}

double incumbent_statistical_error(const std::vector<const Trial*>& complete,
                                   const StoppingContext& context, double error_scale) {
  if (complete.empty()) return kNaN;
  const Trial& incumbent = *complete[incumbent_position(trial_values(complete))];
  if (incumbent.folds() < 2) return kNaN;
  return statistical_error(incumbent.fold_error, context.validation_ratio, error_scale);
}

GaussianProcess fit_all_trials(const std::vector<const Trial*>& complete,
                               const StoppingContext& context) {
  const Eigen::MatrixXd x = encoded_inputs(complete, context.space);
  const Eigen::VectorXd y = trial_values(complete);
  return GaussianProcess(x, y,
                         fit_map_hyperparameters(x, y, fit_seed(context.seed, complete.size())));
}

}  // namespace fermata::stopping_detail
