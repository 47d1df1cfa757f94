// `ei-threshold` (Nguyen et al., ACML 2017): stop when the largest expected improvement over
// the best observed value is small.
#include <cmath>
#include <utility>

#include <fermata/acquisition/expected_improvement.hpp>
#include <fermata/core/error.hpp>

#include "stopping/criteria.hpp"
#include "stopping/posterior_search.hpp"
#include "stopping/stopping_model.hpp"

namespace fermata::stopping_detail {
namespace {

class EiThresholdCriterion : public SettingsCriterion {
 public:
  using SettingsCriterion::SettingsCriterion;

  /// Values: n_trials, expected_improvement (max over the space, objective units),
  /// threshold. The GP is MAP-fitted to every completed trial; log EI is maximized over the
  /// observed points, 2048 Sobol candidates and an L-BFGS-B refinement of the best five.
  StoppingDecision evaluate(const std::vector<const Trial*>& complete,
                            const StoppingContext& context) const override {
    const std::size_t n = complete.size();
    double max_ei = kNaN;
    std::string failure;
    if (n >= 2) {
      try {
        max_ei = max_expected_improvement(complete, context);
      } catch (const Error& e) {
        failure = e.what();
      }
    }
    StoppingDecision d;
    d.values = {{"n_trials", static_cast<double>(n)},
                {"expected_improvement", max_ei},
                {"threshold", settings_.number("ei_threshold")}};
    std::string why = comparison("max expected improvement", max_ei, "threshold",
                                 settings_.number("ei_threshold"), n);
    if (!failure.empty()) why += " (" + failure + ")";
    decide(d, n, settings_.integer("min_trials"), max_ei < settings_.number("ei_threshold"), why);
    return d;
  }

 private:
  static double max_expected_improvement(const std::vector<const Trial*>& complete,
                                         const StoppingContext& context) {
    const GaussianProcess gp = fit_all_trials(complete, context);
    const Standardization& s = gp.standardization();
    const double best = (gp.targets().minCoeff() - s.offset) / s.scale;
    // log EI = log σ + log h(z), z = (best − μ)/σ: finite where EI itself underflows.
    const MomentScore log_ei = [best](double mean, double sd, double& d_mean, double& d_sd) {
      const double z = (best - mean) / sd;
      const double dh = log_h_derivative(z);
      d_mean = -dh / sd;
      d_sd = (1.0 - dh * z) / sd;
      return std::log(sd) + log_h(z);
    };
    const SearchResult r = maximize_posterior_score(gp, context.space, gp.inputs(), log_ei,
                                                    search_seed(context.seed, complete.size()));
    // EI is positively homogeneous in the target scale.
    return s.scale * std::exp(r.score);
  }
};

}  // namespace

std::unique_ptr<StoppingCriterion> make_ei_threshold_criterion(const StoppingSettings& settings,
                                                               std::string label) {
  return std::make_unique<EiThresholdCriterion>(settings, std::move(label));
}

}  // namespace fermata::stopping_detail
