#include "stopping/confidence_bounds.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fermata/acquisition/acquisition.hpp>

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
  // Bounds over every sd up to a point's screened bound, so that on a large top set only the
  // points that can matter get their exact O(m²) variance; the results are unchanged.
  // The UCB's bound needs no variance bound (every sd is at least the floor).
  const ScoreBound upper_at_least{
      [root_beta](double mean, double) { return mean + root_beta * kMinAcquisitionSd; }, 0};
  const ScoreBound negative_lower_at_most{[root_beta, sd_limit](double mean, double sd_bound) {
    return -mean + root_beta * std::min(sd_bound, sd_limit);
  }};
  StandardizedRegretBound out;
  out.ucb_min = min_posterior_score(gp, gp.inputs(), upper, upper_at_least);
  out.lcb_min = -maximize_posterior_score(gp, space, gp.inputs(), negative_lower, search_seed, {},
                                          negative_lower_at_most)
                     .score;
  if (support < 1.0) {  // the inputs count whatever their sd
    const MomentScore lower = [root_beta](double mean, double sd, double& d_mean, double& d_sd) {
      d_mean = 1.0;
      d_sd = -root_beta;
      return mean - root_beta * sd;
    };
    const ScoreBound lower_at_least{
        [root_beta](double mean, double sd_bound) { return mean - root_beta * sd_bound; }};
    out.lcb_min =
        std::min(out.lcb_min, min_posterior_score(gp, gp.inputs(), lower, lower_at_least));
  }
  out.regret_bound = std::max(out.ucb_min - out.lcb_min, 0.0);
  return out;
}

}  // namespace fermata::stopping_detail
