#pragma once

#include <cstdint>
#include <optional>

#include <Eigen/Core>

#include <fermata/core/rng.hpp>
#include <fermata/gp/gaussian_process.hpp>
#include <fermata/gp/gp_prior.hpp>

namespace fermata {

/// @brief How hard the MAP fit works. Cost: one likelihood-plus-gradient evaluation is
/// O(m³) for m = min(n, max_fit_points) (≈ 2.7 ms at m = 200, D = 9 on one core); a start
/// takes ≈ 50 evaluations from a cold point and ≈ 25 from the previous refit's θ. So a refit
/// at n = 1000 (warm start plus one random start) costs ≈ 0.15 s on one core, ≈ 0.1 s with
/// threads = 2; the largest refit is at n = max_fit_points with every start, ≈ 0.3 s.
struct GpFitSettings {
  /// L-BFGS-B iterations per start; the optimum is flat in log space, so 100 is ample.
  int max_iterations = 100;
  /// Starts drawn from the prior, besides the warm start (if any) and the prior centre.
  int random_starts = 2;
  /// Above this many observations the hyperparameters are fitted on a subset of this size:
  /// each likelihood evaluation costs O(n³), and a few hundred points in the unit cube pin
  /// ℓ, s² and σ² down about as well as thousands do.
  Eigen::Index max_fit_points = 200;
  /// Random starts above max_fit_points. There the prior centre is skipped when a warm
  /// start is given: with that much data the posterior over θ is narrow and moves little
  /// between refits.
  int random_starts_large = 1;
  /// Also start from the prior centre when a warm start is given on at most max_fit_points
  /// observations (without a warm start the centre is always a start). False with no random
  /// starts makes the fit one local run from the warm start: the criterion's per-prefix fit
  /// between two anchors (stopping_model.hpp).
  bool centre_with_warm_start = true;
  /// Which rows form the subset: those with the smallest keys mix(subset_seed, row index).
  /// That is a uniform random subset that changes little as rows are appended, so a warm
  /// start from the previous refit is already near the new optimum.
  std::uint64_t subset_seed = 0;
  /// Threads running the starts. The result does not depend on it: starts are independent
  /// and the best is chosen in start order.
  int threads = 1;
};

/// @brief The MAP hyperparameters and how the fit went.
struct GpFitResult {
  GpHyperparameters hyperparameters;
  /// −(log marginal likelihood + log prior) at `hyperparameters`, over the points used.
  double objective = 0.0;
  int starts = 0;               ///< L-BFGS-B runs started
  int failed_starts = 0;        ///< runs that threw (line search or factorization failures)
  int evaluations = 0;          ///< likelihood-plus-gradient evaluations over all starts
  Eigen::Index fit_points = 0;  ///< observations the likelihood used (subset size)
};

/// @brief The MAP objective −(log p(y_std | X, θ) + log p(θ)) for θ = (log ℓ, log s², log σ²)
/// and constant mean 0; its gradient into `gradient` when that is not null. Throws
/// fermata::Error if K cannot be factorized.
double negative_log_posterior(const Eigen::MatrixXd& x, const Eigen::VectorXd& y_standardized,
                              const Eigen::VectorXd& theta, const GpPrior& prior,
                              Eigen::VectorXd* gradient);

/// @brief Maximum a posteriori hyperparameters for X (n × D, unit cube) and targets y in
/// original units (standardized here exactly as GaussianProcess does, over all n points).
///
/// Multi-start L-BFGS-B inside the prior's bounds, starting from `warm_start` (clamped into
/// the bounds), the prior centre, and random prior samples drawn from `rng` (so the result is
/// deterministic given its state and the settings). A start whose line search or factorization
/// fails keeps the best finite point it reached; the best over all starts is returned. The mean is
/// 0. Throws fermata::Error only if no start produced a finite objective.
GpFitResult fit_hyperparameters(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                const GpPrior& prior, const GpFitSettings& settings, Rng& rng,
                                const std::optional<GpHyperparameters>& warm_start = std::nullopt);

}  // namespace fermata
