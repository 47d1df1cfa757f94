#pragma once

#include <cstdint>
#include <functional>

#include <Eigen/Core>

#include <fermata/gp/gaussian_process.hpp>
#include <fermata/space/space.hpp>

namespace fermata::stopping_detail {

/// @brief A score of the posterior moments at a point, in standardized target units, to be
/// maximized: returns the score and writes ∂score/∂mean and ∂score/∂sd. σ is the latent sd,
/// floored at kMinAcquisitionSd.
using MomentScore = std::function<double(double mean, double sd, double& d_mean, double& d_sd)>;

/// @brief A bound on a MomentScore over every latent sd from its floor (kMinAcquisitionSd) to
/// `sd_bound`, at the given mean: an upper bound for a maximized score, a lower bound for a
/// minimized one. With a GP screen's variance bounds it tells which points need their exact
/// O(n²) variance.
struct ScoreBound {
  std::function<double(double mean, double sd_bound)> at;  ///< empty: no screening
  /// Observations behind each point's variance bound (GaussianProcess::screen_standardized;
  /// 0: the prior variance, for a bound that does not use it). More give tighter bounds at
  /// O(k³) per point.
  Eigen::Index neighbours = 8;
};

/// @brief How hard the search over the space works. 2048 candidates is the §5.2 minimum;
/// five L-BFGS-B refinements of 50 iterations find the optimum of a smooth posterior
/// functional near the best candidates at a small fraction of the candidates' cost.
struct PosteriorSearch {
  int candidates = 2048;
  int refine = 5;
  int refine_iterations = 50;
};

/// @brief The best score found and where (an encoded, valid configuration).
struct SearchResult {
  double score = 0.0;
  Eigen::VectorXd x;
};

/// @brief Maximizes `score` over the space: scores the rows of `include` (e.g. the observed
/// points, scored exactly where they are) and `search.candidates` shifted-Sobol points
/// (Cranley–Patterson shift from `seed`, mapped to configurations by the space and encoded),
/// then refines the best `search.refine` distinct ones by L-BFGS-B: over the float
/// coordinates with integers and categoricals held, and (if there are integers) over floats
/// and integers, rounded, then over the floats again. Every refined point is snapped to a
/// valid configuration and scored again; the best of all is returned. Deterministic given its
/// arguments.
///
/// With an upper bound `bound` on the score and a large GP, the candidates are screened
/// (GaussianProcess::screen_standardized): exact variances are computed in order of the
/// bound until no remaining candidate's bound reaches the search.refine-th best distinct
/// exact score, so the best candidate and the refinement starts, hence the result, are those
/// of scoring every candidate exactly.
SearchResult maximize_posterior_score(const GaussianProcess& gp, const Space& space,
                                      const Eigen::MatrixXd& include, const MomentScore& score,
                                      std::uint64_t seed, const PosteriorSearch& search = {},
                                      const ScoreBound& bound = {});

/// @brief The scores at the rows of xs (one batched prediction).
Eigen::VectorXd posterior_scores(const GaussianProcess& gp, const Eigen::MatrixXd& xs,
                                 const MomentScore& score);

/// @brief The smallest score at the rows of xs: posterior_scores(...).minCoeff(), with exact
/// variances only where the lower bound `bound` (if given, and the GP large) does not rule a
/// row out.
double min_posterior_score(const GaussianProcess& gp, const Eigen::MatrixXd& xs,
                           const MomentScore& score, const ScoreBound& bound = {});

}  // namespace fermata::stopping_detail
