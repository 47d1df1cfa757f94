#pragma once

#include <functional>
#include <vector>

#include <Eigen/Core>

#include <fermata/acquisition/acquisition.hpp>
#include <fermata/core/rng.hpp>
#include <fermata/space/space.hpp>

namespace fermata {

/// @brief How the acquisition is maximized.
struct AcquisitionSearch {
  int candidates = 1024;       ///< shifted-Sobol candidates over the whole space
  int local_candidates = 128;  ///< Gaussian perturbations (sd 0.05) of the best points seen
  int refine = 5;              ///< best candidates refined by L-BFGS-B
  int refine_iterations = 30;
  /// A suggestion closer than this (Euclidean, encoded unit cube) to a point in `avoid` is
  /// not taken: concurrent suggestions must be distinct and spread out.
  double min_distance = 0.02;
  /// Threads a batch (select_batch) whitens its candidates and pending points on; the
  /// picks do not depend on it.
  int threads = 1;
};

/// @brief Maximizes `acquisition` over the space: scores Sobol candidates (randomly shifted
/// from `rng`) and perturbations of `anchors` (e.g. the best observed points), refines the
/// best few by L-BFGS-B over the continuous coordinates (categoricals held at the
/// candidate's choice), then snaps integers and categoricals to a valid configuration.
/// Returns the encoded point with the highest value that keeps min_distance from `avoid`;
/// if every scored point is too close, the candidate farthest from `avoid`.
/// @brief The candidate pool a search scores: `search.candidates` shifted-Sobol points over
/// the whole space (shift from `rng`) and `search.local_candidates` Gaussian perturbations
/// (sd 0.05, continuous coordinates only) of the `anchors`, one point per row, snapped.
Eigen::MatrixXd acquisition_candidates(const Space& space,
                                       const std::vector<Eigen::VectorXd>& anchors,
                                       const AcquisitionSearch& search, Rng& rng);

/// Euclidean distance from x to the nearest of `points` (infinity when there are none).
double distance_to(const Eigen::VectorXd& x, const std::vector<Eigen::VectorXd>& points);
/// The row of `xs` farthest from all of `points` (the first of equals): the fallback when
/// every candidate is crowded.
Eigen::Index farthest_row(const Eigen::MatrixXd& xs, const std::vector<Eigen::VectorXd>& points);

/// An acquisition's value at x and, unless `gradient` is null, its gradient in x.
using AcquisitionFunction =
    std::function<double(const Eigen::VectorXd& x, Eigen::VectorXd* gradient)>;

/// @brief A local maximum of `acquisition` from `start`: L-BFGS-B over the continuous
/// coordinates within the unit cube (categoricals held), at most `iterations` steps,
/// snapped to the space.
Eigen::VectorXd refine_acquisition(const AcquisitionFunction& acquisition, const Space& space,
                                   const Eigen::VectorXd& start, int iterations);

Eigen::VectorXd maximize_acquisition(const Acquisition& acquisition, const Space& space,
                                     const std::vector<Eigen::VectorXd>& anchors,
                                     const std::vector<Eigen::VectorXd>& avoid,
                                     const AcquisitionSearch& search, Rng& rng);

}  // namespace fermata
