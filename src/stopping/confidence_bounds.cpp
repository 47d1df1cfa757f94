#include "stopping/confidence_bounds.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "stopping/posterior_search.hpp"

namespace fermata::stopping_detail {

StandardizedRegretBound standardized_regret_bound(const GaussianProcess& gp, double beta,
                                                  const Space& space, std::uint64_t search_seed,
                                                  double support) {
  const double root_beta = std::sqrt(beta);
  const MomentScore upper = [root_beta](double mean, double sd, double& d_mean, double& d_sd) {
    d_mean = 1.0;
    d_sd = root_beta;
    return mean + root_beta * sd;
  };
  // The LCB is minimized as the maximum of its negative. Outside the support the score is −∞:
  // never the minimum, and a barrier to the refinement.
  const double sd_limit = support >= 1.0
                              ? std::numeric_limits<double>::infinity()
                              : support * std::exp(0.5 * gp.hyperparameters().log_signal_variance);
  const MomentScore negative_lower = [root_beta, sd_limit](double mean, double sd, double& d_mean,
                                                           double& d_sd) {
    d_mean = -1.0;
    d_sd = root_beta;
    if (sd > sd_limit) return -std::numeric_limits<double>::infinity();
    return -(mean - root_beta * sd);
  };
  StandardizedRegretBound out;
  out.ucb_min = posterior_scores(gp, gp.inputs(), upper).minCoeff();
  out.lcb_min =
      -maximize_posterior_score(gp, space, gp.inputs(), negative_lower, search_seed).score;
  if (support < 1.0) {  // the inputs count whatever their sd
    const MomentScore lower = [root_beta](double mean, double sd, double& d_mean, double& d_sd) {
      d_mean = 1.0;
      d_sd = -root_beta;
      return mean - root_beta * sd;
    };
    out.lcb_min = std::min(out.lcb_min, posterior_scores(gp, gp.inputs(), lower).minCoeff());
  }
  out.regret_bound = std::max(out.ucb_min - out.lcb_min, 0.0);
  return out;
}

}  // namespace fermata::stopping_detail
