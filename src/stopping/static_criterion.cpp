// `static`: the regret bound against a fixed threshold, for runs without cross-validation.
#include <utility>

#include <fermata/stopping/regret_bound.hpp>

#include "stopping/criteria.hpp"

namespace fermata::stopping_detail {
namespace {

class StaticCriterion : public SettingsCriterion {
 public:
  using SettingsCriterion::SettingsCriterion;

  /// Values: n_trials, regret_bound, threshold, beta. Stops when r̄ < threshold.
  StoppingDecision evaluate(const std::vector<const Trial*>& complete,
                            const StoppingContext& context) const override {
    const std::size_t n = complete.size();
    std::string failure;
    const RegretBound bound = regret_bound_of(complete, context, settings_, failure);
    StoppingDecision d;
    d.values = {{"n_trials", static_cast<double>(n)},
                {"regret_bound", bound.regret_bound},
                {"threshold", settings_.number("threshold")},
                {"beta", bound.beta}};
    std::string why = comparison("regret bound", bound.regret_bound, "threshold",
                                 settings_.number("threshold"), n);
    if (!failure.empty()) why += " (" + failure + ")";
    decide(d, n, settings_.integer("min_trials"),
           bound.regret_bound < settings_.number("threshold"), why);
    return d;
  }
};

}  // namespace

std::unique_ptr<StoppingCriterion> make_static_criterion(const StoppingSettings& settings,
                                                         std::string label) {
  return std::make_unique<StaticCriterion>(settings, std::move(label));
}

}  // namespace fermata::stopping_detail
