#pragma once

#include <vector>

#include <Eigen/Core>

#include <fermata/gp/gaussian_process.hpp>

namespace fermata {

enum class AcquisitionKind {
  kExpectedImprovement,   ///< log EI(x) = log E[max(best − f(x), 0)]
  kLowerConfidenceBound,  ///< −(μ(x) − κ·σ(x)), maximized
};

/// @brief An acquisition function on a fitted GP, in standardized target units, to be
/// maximized over the encoded unit cube. σ is the latent (noise-free) posterior sd.
class Acquisition {
 public:
  /// `best` is the lowest standardized target observed (EI's threshold); `kappa` is LCB's
  /// exploration weight.
  Acquisition(const GaussianProcess& gp, AcquisitionKind kind, double best, double kappa = 2.0);

  /// Values at the rows of xs (one batched prediction).
  Eigen::VectorXd values(const Eigen::MatrixXd& xs) const;
  /// @brief Values at the rows of xs, exact for every row that can be among the `keep`
  /// largest values over the `eligible` rows, and −∞ for the others. Both acquisitions grow
  /// with σ, so a row whose value at its variance bound (GaussianProcess::screen_standardized)
  /// is below the keep-th best exact value cannot be among them; exact variances are
  /// computed in bound order, in blocks, until that holds. The keep largest eligible values
  /// are those of values(); at n = 1000 observations this skips most of the O(n²) per row.
  Eigen::VectorXd top_values(const Eigen::MatrixXd& xs, const std::vector<bool>& eligible,
                             int keep) const;
  /// Value at x and its gradient with respect to x.
  double value(const Eigen::VectorXd& x, Eigen::VectorXd* gradient) const;
  /// The value (and gradient) for a standardized posterior `p` with its gradients, e.g. one
  /// whose variance a batch has conditioned further.
  double value_from(const GpPointPrediction& p, Eigen::VectorXd* gradient) const;
  /// The value at a standardized posterior mean and latent variance; it never decreases
  /// when the variance grows.
  double from_moments(double mean, double variance) const;

 private:
  const GaussianProcess& gp_;
  AcquisitionKind kind_;
  double best_;
  double kappa_;
};

/// @brief The smallest sd used in the acquisition: at an observed point with tiny noise the
/// latent variance can round to zero or below.
inline constexpr double kMinAcquisitionSd = 1e-9;

}  // namespace fermata
