// `pi-threshold` (Lorenz et al. 2016): stop when no configuration is likely to beat the
// best observed value.
#include <utility>

#include <fermata/acquisition/expected_improvement.hpp>
#include <fermata/core/error.hpp>

#include "stopping/criteria.hpp"
#include "stopping/posterior_search.hpp"
#include "stopping/stopping_model.hpp"

namespace fermata::stopping_detail {
namespace {

/// The improvement PI asks for, in standardized units: PI(x) = P(f(x) < best − ξ). Without a
/// margin PI is 1/2 wherever the posterior mean touches the best value, so a noise-free model
/// never lets it fall; 0.01 is the margin (GPyOpt's default jitter) of the PI baseline in the
/// experiments of Ishibashi et al. (2023).
constexpr double kPiMargin = 0.01;

class PiThresholdCriterion : public SettingsCriterion {
 public:
  using SettingsCriterion::SettingsCriterion;

  /// Values: n_trials, probability_of_improvement (max over the space of P(f(x) < best − ξ)),
  /// threshold. The GP and the search are those of ei-threshold.
  StoppingDecision evaluate(const std::vector<const Trial*>& complete,
                            const StoppingContext& context) const override {
    const std::size_t n = complete.size();
    double max_pi = kNaN;
    std::string failure;
    if (n >= 2) {
      try {
        max_pi = max_probability_of_improvement(complete, context);
      } catch (const Error& e) {
        failure = e.what();
      }
    }
    StoppingDecision d;
    d.values = {{"n_trials", static_cast<double>(n)},
                {"probability_of_improvement", max_pi},
                {"threshold", settings_.number("pi_threshold")}};
    std::string why = comparison("max probability of improvement", max_pi, "threshold",
                                 settings_.number("pi_threshold"), n);
    if (!failure.empty()) why += " (" + failure + ")";
    decide(d, n, settings_.integer("min_trials"), max_pi < settings_.number("pi_threshold"), why);
    return d;
  }

 private:
  static double max_probability_of_improvement(const std::vector<const Trial*>& complete,
                                               const StoppingContext& context) {
    const GaussianProcess gp = fit_all_trials(complete, context);
    const Standardization& s = gp.standardization();
    const double best = (gp.targets().minCoeff() - s.offset) / s.scale - kPiMargin;
    // PI = Φ(z) is monotone in z = (best − μ)/σ, so z is maximized: its gradient does not
    // vanish where Φ underflows.
    const MomentScore z_score = [best](double mean, double sd, double& d_mean, double& d_sd) {
      const double z = (best - mean) / sd;
      d_mean = -1.0 / sd;
      d_sd = -z / sd;
      return z;
    };
    const SearchResult r = maximize_posterior_score(gp, context.space, gp.inputs(), z_score,
                                                    search_seed(context.seed, complete.size()));
    return probability_of_improvement(0.0, 1.0, r.score);
  }
};

}  // namespace

std::unique_ptr<StoppingCriterion> make_pi_threshold_criterion(const StoppingSettings& settings,
                                                               std::string label) {
  return std::make_unique<PiThresholdCriterion>(settings, std::move(label));
}

}  // namespace fermata::stopping_detail
