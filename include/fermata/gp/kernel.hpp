#pragma once

#include <vector>

#include <Eigen/Core>

namespace fermata {

/// @brief The ARD Matérn-5/2 kernel
///   k(x, x') = s² (1 + √5 r + 5 r²/3) exp(−√5 r),   r² = Σ_i (x_i − x'_i)² / ℓ_i²,
/// with one lengthscale ℓ_i per input dimension and signal variance s².
///
/// Point sets are matrices whose rows are points (n × D). Distances are computed from the
/// scaled inputs z = x / ℓ as |z|² + |z'|² − 2 z·z' (one matrix product), clamped at zero.
///
/// The hyperparameters are differentiated in log space, θ = (log ℓ_1 .. log ℓ_D, log s²):
///   ∂k/∂log ℓ_i = (5/3) s² (1 + √5 r) exp(−√5 r) (x_i − x'_i)² / ℓ_i²,
///   ∂k/∂log s²  = k,
/// both smooth at r = 0, which is why the kernel is parametrised this way.
class Matern52Kernel {
 public:
  /// @brief A kernel with lengthscales ℓ (all > 0) and signal variance s² (> 0).
  Matern52Kernel(Eigen::VectorXd lengthscales, double signal_variance);

  /// @brief The kernel of log-hyperparameters log ℓ and log s².
  static Matern52Kernel from_log(const Eigen::VectorXd& log_lengthscales,
                                 double log_signal_variance);

  /// @brief k as a function of the scaled distance r, for one pair of points.
  static double value_at_distance(double r, double signal_variance);

  /// @brief The cross-covariance matrix K(X1, X2), n1 × n2.
  Eigen::MatrixXd covariance(const Eigen::MatrixXd& x1, const Eigen::MatrixXd& x2) const;

  /// @brief The symmetric covariance K(X, X); its diagonal is exactly s².
  Eigen::MatrixXd covariance(const Eigen::MatrixXd& x) const;

  /// @brief The diagonal k(x_a, x_a) = s² of K(X, X), without forming the matrix.
  Eigen::VectorXd diagonal(const Eigen::MatrixXd& x) const;

  /// @brief ∂K(X, X)/∂θ_j for θ = (log ℓ_1 .. log ℓ_D, log s²): D + 1 matrices of n × n.
  /// Costs D + 1 dense matrices; the likelihood uses `weighted_gradient` instead.
  std::vector<Eigen::MatrixXd> covariance_gradients(const Eigen::MatrixXd& x) const;

  /// @brief Σ_ab W_ab ∂K(X, X)_ab/∂θ_j for each θ_j, for a symmetric weight matrix W
  /// (n × n). With W = ααᵀ − K⁻¹ this is twice the gradient of the log marginal
  /// likelihood. Costs O(n² D) through one matrix product, never forming ∂K/∂θ_j.
  Eigen::VectorXd weighted_gradient(const Eigen::MatrixXd& x, const Eigen::MatrixXd& weights) const;

  /// @brief ∂k(x, X_a)/∂x_i for one point x (length D) against the rows of X: an n × D
  /// matrix, the derivative of the cross-covariance with respect to the query point.
  Eigen::MatrixXd cross_covariance_input_gradient(const Eigen::VectorXd& x,
                                                  const Eigen::MatrixXd& points) const;

  const Eigen::VectorXd& lengthscales() const { return lengthscales_; }
  double signal_variance() const { return signal_variance_; }
  Eigen::Index dim() const { return lengthscales_.size(); }

 private:
  friend class Matern52Gram;
  /// Rows of x divided by ℓ elementwise; checks the dimension.
  Eigen::MatrixXd scaled(const Eigen::MatrixXd& x) const;
  /// k(r) applied elementwise to a matrix of squared scaled distances.
  Eigen::MatrixXd covariance_from_squared(const Eigen::MatrixXd& r2) const;

  Eigen::VectorXd lengthscales_;
  double signal_variance_;
};

/// @brief K(X, X) of one point set together with what its hyperparameter gradients need,
/// computed once (one distance matrix, one exp): the likelihood and its gradient at one θ
/// share them. Holds three n × n matrices.
class Matern52Gram {
 public:
  Matern52Gram(const Matern52Kernel& kernel, const Eigen::MatrixXd& x);

  /// @brief K(X, X), as Matern52Kernel::covariance(x).
  const Eigen::MatrixXd& covariance() const { return covariance_; }
  /// @brief As Matern52Kernel::weighted_gradient(x, weights).
  Eigen::VectorXd weighted_gradient(const Eigen::MatrixXd& weights) const;

 private:
  Eigen::MatrixXd scaled_;      ///< x / ℓ
  Eigen::MatrixXd covariance_;  ///< K
  Eigen::MatrixXd radial_;      ///< (5/3) s² (1 + √5 r) exp(−√5 r)
};

/// @brief Squared Euclidean distances between the rows of a and b (n_a × n_b), from norms
/// and one matrix product, clamped at zero against rounding.
Eigen::MatrixXd squared_distances(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b);

}  // namespace fermata
