// `regret-bound`: the automatic termination criterion of Makarova et al. (DESIGN.md §5.2).
#include <utility>

#include <fermata/stopping/regret_bound.hpp>
#include <fermata/stopping/statistical_error.hpp>

#include "stopping/criteria.hpp"
#include "stopping/stopping_model.hpp"

namespace fermata::stopping_detail {
namespace {

class RegretBoundCriterion : public SettingsCriterion {
 public:
  using SettingsCriterion::SettingsCriterion;

  /// Values: n_trials, regret_bound, statistical_error, beta, ucb_min, lcb_min, top_size.
  /// Stops when r̄ < ε, ε from the incumbent's fold errors.
  StoppingDecision evaluate(const std::vector<const Trial*>& complete,
                            const StoppingContext& context) const override {
    const std::size_t n = complete.size();
    std::string failure;
    const RegretBound bound = regret_bound_of(complete, context, settings_, failure);
    const double epsilon =
        incumbent_statistical_error(complete, context, settings_.number("error_scale"));
    StoppingDecision d;
    d.values = {{"n_trials", static_cast<double>(n)},
                {"regret_bound", bound.regret_bound},
                {"statistical_error", epsilon},
                {"beta", bound.beta},
                {"ucb_min", bound.ucb_min},
                {"lcb_min", bound.lcb_min},
                {"top_size", bound.top_size > 0 ? static_cast<double>(bound.top_size) : kNaN}};
    const bool fires = bound.regret_bound < epsilon;
    std::string why =
        comparison("regret bound", bound.regret_bound, "statistical error", epsilon, n);
    if (!failure.empty()) why += " (" + failure + ")";
    decide(d, n, settings_.integer("min_trials"), fires, why);
    return d;
  }
};

}  // namespace

std::unique_ptr<StoppingCriterion> make_regret_bound_criterion(const StoppingSettings& settings,
                                                               std::string label) {
  return std::make_unique<RegretBoundCriterion>(settings, std::move(label));
}

}  // namespace fermata::stopping_detail
