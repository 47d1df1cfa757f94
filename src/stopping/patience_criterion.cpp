// `patience`: the paper's Conv-i baseline.
#include <utility>

#include <fmt/format.h>

#include "stopping/criteria.hpp"
#include "stopping/stopping_model.hpp"

namespace fermata::stopping_detail {
namespace {

class PatienceCriterion : public SettingsCriterion {
 public:
  using SettingsCriterion::SettingsCriterion;

  /// Values: n_trials, trials_since_improvement (trials completed after the incumbent, the
  /// lowest value with ties to the earliest, so an equal value is no improvement). Stops when
  /// that count reaches `patience`.
  StoppingDecision evaluate(const std::vector<const Trial*>& complete,
                            const StoppingContext&) const override {
    const std::size_t n = complete.size();
    double since = kNaN;
    if (n >= 1) since = static_cast<double>(n - 1 - incumbent_position(trial_values(complete)));
    StoppingDecision d;
    d.values = {{"n_trials", static_cast<double>(n)}, {"trials_since_improvement", since}};
    const bool fires = since >= settings_.integer("patience");
    const std::string why =
        n == 0 ? std::string("no completed trials")
               : fmt::format("incumbent unchanged for {} trials {} patience {} after {} trials",
                             since, fires ? ">=" : "<", settings_.integer("patience"), n);
    decide(d, n, settings_.integer("min_trials"), fires, why);
    return d;
  }
};

}  // namespace

std::unique_ptr<StoppingCriterion> make_patience_criterion(const StoppingSettings& settings,
                                                           std::string label) {
  return std::make_unique<PatienceCriterion>(settings, std::move(label));
}

}  // namespace fermata::stopping_detail
