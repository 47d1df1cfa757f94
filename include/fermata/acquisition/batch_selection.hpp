#pragma once

#include <vector>

#include <Eigen/Core>

#include <fermata/acquisition/acquisition.hpp>
#include <fermata/acquisition/acquisition_optimizer.hpp>
#include <fermata/core/rng.hpp>
#include <fermata/gp/gaussian_process.hpp>
#include <fermata/space/space.hpp>

namespace fermata {

/// @brief `count` distinct points chosen at once from one model state: a kriging-believer
/// batch over one shared candidate pool.
///
/// Kriging believer conditions the GP on the points already chosen (and on the `pending`
/// ones, dispatched and not finished) as if they had been observed at their posterior mean.
/// That leaves the posterior mean unchanged everywhere and only lowers the variance near
/// them, so the batch needs no copy of the GP: for a candidate c and the conditioning set
/// S, var(c | data, S) = var(c | data) − wᵀ (C_SS + σ² I)⁻¹ w, with w = cov(c, S | data),
/// kept as a small Cholesky factor over S that grows by one row per pick.
///
/// The pool (acquisition_candidates: Sobol points and perturbations of `anchors`) is
/// scored once. Conditioning only lowers variances and `acquisition` never falls when a
/// variance grows, so a candidate's last value is an upper bound on its value after more
/// picks: a lazy greedy search re-scores only the candidates that reach the top of a
/// priority queue, and each pick is the exact maximizer over the pool given the picks
/// before it. Candidates start at the bound of GaussianProcess::screen_standardized, and the
/// O(n²) whitening of a candidate is computed only when it first reaches the top (in blocks
/// of bound order), so a batch costs about one pool screen, the whitening of the candidates
/// near the top and of the pending points, and O(n |S| + |S|²) per re-score.
///
/// `acquisition` must be defined on `gp` (which holds the observations only). Points closer
/// than `search.min_distance` to a pending point or to an earlier pick are not taken; when
/// the pool runs out, the candidate farthest from all of them is. Unlike
/// maximize_acquisition, picks are not refined by gradient steps: a batch is for many
/// workers at once, where a few extra pool points cost far less than a refinement each.
std::vector<Eigen::VectorXd> select_batch(const Acquisition& acquisition, const GaussianProcess& gp,
                                          const Space& space,
                                          const std::vector<Eigen::VectorXd>& anchors,
                                          const std::vector<Eigen::VectorXd>& pending, int count,
                                          const AcquisitionSearch& search, Rng& rng);

}  // namespace fermata
