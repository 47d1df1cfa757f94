#include "stopping/confidence_bounds.hpp"

#include <algorithm>
#include <cmath>

#include "stopping/posterior_search.hpp"

namespace fermata::stopping_detail {

StandardizedRegretBound standardized_regret_bound(const GaussianProcess& gp, double beta,
                                                  const Space& space, std::uint64_t search_seed) {
  const double root_beta = std::sqrt(beta);
  const MomentScore upper = [root_beta](double mean, double sd, double& d_mean, double& d_sd) {
    d_mean = 1.0;
    d_sd = root_beta;
    return mean + root_beta * sd;
  };
  // The LCB is minimized as the maximum of its negative.
  const MomentScore negative_lower = [root_beta](double mean, double sd, double& d_mean,
                                                 double& d_sd) {
    d_mean = -1.0;
    d_sd = root_beta;
    return -(mean - root_beta * sd);
  };
  StandardizedRegretBound out;
  out.ucb_min = posterior_scores(gp, gp.inputs(), upper).minCoeff();
  out.lcb_min =
      -maximize_posterior_score(gp, space, gp.inputs(), negative_lower, search_seed).score;
  out.regret_bound = std::max(out.ucb_min - out.lcb_min, 0.0);
  return out;
}

}  // namespace fermata::stopping_detail
