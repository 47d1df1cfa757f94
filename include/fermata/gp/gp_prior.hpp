#pragma once

#include <Eigen/Core>

#include <fermata/core/rng.hpp>

namespace fermata {

/// @brief A Normal prior N(mean, sd²) on one log-hyperparameter θ (so exp θ is LogNormal),
/// and the box [lower, upper] the fit keeps θ in. All four numbers are in log space.
struct LogScalePrior {
  double mean = 0.0;
  double sd = 1.0;
  double lower = -1.0;
  double upper = 1.0;

  /// @brief log N(θ; mean, sd²), normalizing constant included.
  double log_density(double theta) const;
  /// @brief d/dθ of log_density.
  double log_density_derivative(double theta) const;
};

/// @brief The weak priors and bounds of the MAP hyperparameter fit, for inputs in the unit
/// cube [0,1]^D and standardized targets (mean 0, variance 1). Prior on θ, MAP in θ:
///
/// | hyperparameter | prior on its log            | bounds              | why |
/// |---|---|---|---|
/// | ℓ_i            | N(log(0.5·√D), 1.5²)        | ℓ ∈ [1e-2, 1e2]     | (a) |
/// | s²             | N(0, 1.5²)                  | s² ∈ [1e-2, 1e2]    | (b) |
/// | σ²             | N(log 1e-2, 2²)             | σ² ∈ [1e-6, 1]      | (c) |
///
/// (a) The median lengthscale grows like √D because the typical distance between points in
///     the unit cube does; this keeps the prior from declaring a D = 9 space "rough" before
///     data says so (the argument of Hvarfner et al. 2024, with a milder constant). sd 1.5
///     spans a factor ~20 at two sd, so the data decides. Below ℓ = 0.01 neighbouring
///     evaluations of any realistic budget would be uncorrelated (a white-noise model that
///     no acquisition can use); above 100 a dimension is irrelevant either way.
/// (b) Standardized targets have unit variance, so s² ≈ 1 a priori; the box allows trends
///     that extrapolate past the observed range without letting s² run off with ℓ → ∞.
/// (c) Cross-validated errors are noisy but mostly signal: the prior favours σ² ≈ 1% of
///     the target variance and still reaches 1e-6 or the whole variance. The floor matches
///     kMinNoiseVariance; σ² above the target variance explains nothing.
struct GpPrior {
  LogScalePrior lengthscale;  ///< the same for every input dimension
  LogScalePrior signal_variance;
  LogScalePrior noise_variance;

  /// @brief The weak priors of the table above for `dim` inputs.
  static GpPrior weak(Eigen::Index dim);

  /// @brief Σ log prior(θ_j) over θ = (log ℓ_1 .. log ℓ_D, log s², log σ²), and its
  /// gradient into `gradient` when that is not null.
  double log_density(const Eigen::VectorXd& theta, Eigen::VectorXd* gradient) const;

  /// @brief Lower and upper bounds of θ for `dim` inputs (size dim + 2).
  Eigen::VectorXd lower_bounds(Eigen::Index dim) const;
  Eigen::VectorXd upper_bounds(Eigen::Index dim) const;

  /// @brief The prior medians, clamped into the bounds: the fit's default start.
  Eigen::VectorXd center(Eigen::Index dim) const;
  /// @brief θ drawn from the prior and clamped into the bounds: the fit's random starts.
  Eigen::VectorXd sample(Eigen::Index dim, Rng& rng) const;
};

}  // namespace fermata
