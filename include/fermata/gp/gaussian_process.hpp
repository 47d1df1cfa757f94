#pragma once

#include <vector>

#include <Eigen/Core>

#include <fermata/gp/kernel.hpp>

namespace fermata {

/// @brief The smallest observation-noise variance, in standardized target units. Keeps
/// K + σ²I well conditioned when two observations coincide.
inline constexpr double kMinNoiseVariance = 1e-6;

/// @brief The smallest standard deviation used to standardize targets (DESIGN.md §5.2): a
/// constant target vector standardizes to zeros instead of dividing by zero.
inline constexpr double kMinTargetScale = 1e-10;

/// @brief Hyperparameters of a GP on unit-cube inputs and standardized targets. All are plain
/// numbers, so saving them is saving `to_vector()` and `mean`.
struct GpHyperparameters {
  /// log ℓ_i, one per input dimension; ℓ_i is in unit-cube units (1 = the whole range).
  Eigen::VectorXd log_lengthscales;
  /// log s², the prior variance of the latent function in standardized target units.
  double log_signal_variance = 0.0;
  /// log σ², the observation-noise variance in standardized target units; σ² is floored at
  /// kMinNoiseVariance when used.
  double log_noise_variance = -4.605170185988091;  // log(1e-2)
  /// The constant prior mean of the standardized targets. Standardization already centres
  /// them, so the MAP fit keeps it at 0; it is not a log-hyperparameter.
  double mean = 0.0;

  /// @brief Defaults for `dim` inputs: ℓ_i = 0.5, s² = 1, σ² = 1e-2, mean 0.
  static GpHyperparameters defaults(Eigen::Index dim);
  /// @brief θ = (log ℓ_1 .. log ℓ_D, log s², log σ²), the vector the fit optimizes.
  Eigen::VectorXd to_vector() const;
  /// @brief Inverse of `to_vector` (size D + 2) with the given constant mean.
  static GpHyperparameters from_vector(const Eigen::VectorXd& theta, double mean = 0.0);

  Eigen::Index dim() const { return log_lengthscales.size(); }
  /// σ² as used: exp(log σ²) floored at kMinNoiseVariance.
  double noise_variance() const;
  Matern52Kernel kernel() const;
};

/// @brief y_std = (y − offset) / scale; a GP keeps the constants of its fit so predictions
/// come back in original units.
struct Standardization {
  double offset = 0.0;
  double scale = 1.0;

  /// @brief offset = mean(y), scale = population std of y floored at kMinTargetScale.
  static Standardization of(const Eigen::VectorXd& y);
  Eigen::VectorXd apply(const Eigen::VectorXd& y) const;
};

/// @brief Posterior mean and latent (noise-free) variance at a batch of points.
struct GpPrediction {
  Eigen::VectorXd mean;
  Eigen::VectorXd variance;
};

/// @brief Posterior means at a batch of points with upper bounds on their latent variances,
/// for a search that needs the exact variance only where the bound leaves it in doubt.
struct GpScreen {
  Eigen::MatrixXd cross;           ///< n × m covariances with the observations
  Eigen::VectorXd mean;            ///< standardized posterior means (exact)
  Eigen::VectorXd variance_bound;  ///< ≥ the standardized latent posterior variances
};

/// @brief Posterior at one point with its gradient with respect to the point, for local
/// optimization of acquisition functions.
struct GpPointPrediction {
  double mean = 0.0;
  double variance = 0.0;
  Eigen::VectorXd mean_gradient;
  Eigen::VectorXd variance_gradient;
};

/// @brief A GP with ARD Matérn-5/2 kernel and constant mean on standardized targets, with
/// fixed hyperparameters. It stores the Cholesky factor L of K + (σ² + jitter) I and
/// α = (K + (σ² + jitter) I)⁻¹ (y_std − mean).
///
/// Jitter is 0 unless the factorization fails; then 1e-10 · mean(diag K) is added and
/// multiplied by 100 per retry, five retries, before giving up with fermata::Error.
///
/// Costs: a fit O(n³) (≈ 0.05 s at n = 1000), add_observation O(n²), predict O(n² m) for m
/// points (≈ 0.25 s for m = 2048 at n = 1000, one core). Const members touch no shared
/// state, so several threads may predict on blocks of rows at once.
class GaussianProcess {
 public:
  /// @brief Fits X (n × D, rows in the unit cube) and y (n), standardizing y over itself.
  GaussianProcess(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                  const GpHyperparameters& hyperparameters);
  /// @brief Fits with given standardization constants instead of those of y.
  GaussianProcess(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                  const GpHyperparameters& hyperparameters, const Standardization& standardization);

  /// @brief Refits the data with new hyperparameters, re-standardizing y.
  void fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
           const GpHyperparameters& hyperparameters);
  /// @brief Refits with fixed standardization constants.
  void fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
           const GpHyperparameters& hyperparameters, const Standardization& standardization);

  /// @brief Adds one observation in O(n²) by appending a row to L (solve L l = k,
  /// l_nn = sqrt(k_nn + σ² + jitter − l·l)), keeping the hyperparameters and the
  /// standardization. Equals a full fit with the same constants up to rounding. Falls back to
  /// a full refactorization if the new pivot is not positive.
  void add_observation(const Eigen::VectorXd& x, double y);
  /// @brief Adds the rows of x with targets y at once: one block of L (a triangular solve
  /// with k right-hand sides and a k × k Cholesky factor), O(n² k) like k single additions but
  /// with one copy of L instead of k. Same fallback, same result up to rounding.
  void add_observations(const Eigen::MatrixXd& x, const Eigen::VectorXd& y);

  /// @brief Posterior mean and latent variance at the rows of xs, in original target units.
  GpPrediction predict(const Eigen::MatrixXd& xs) const;
  /// @brief The same in standardized units (mean includes the constant mean).
  GpPrediction predict_standardized(const Eigen::MatrixXd& xs) const;
  /// @brief Exact means and variance bounds at the rows of xs, in standardized units, in
  /// O(n m D + m k³) instead of predict's O(n² m). The bound is the latent variance given
  /// only the k = `neighbours` observations most correlated with the point (with the same
  /// noise and jitter): conditioning a Gaussian on more observations never raises its
  /// variance. With 0 neighbours the bound is the prior variance, and the screen costs only
  /// the cross covariances and the means.
  GpScreen screen_standardized(const Eigen::MatrixXd& xs, Eigen::Index neighbours = 32) const;
  /// @brief The exact standardized latent variances of the points in `columns` of a screen.
  Eigen::VectorXd screened_variances(const GpScreen& screen,
                                     const std::vector<Eigen::Index>& columns) const;
  /// @brief Prior (kernel) covariances k(a_i, b_j), standardized units.
  Eigen::MatrixXd prior_covariance(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) const;
  /// @brief L⁻¹ b for the Cholesky factor L, column by column (one blocked solve). For b =
  /// k(X, x) its squared norm is the part of x's prior variance the observations explain,
  /// and the dot product of two such columns is the part of their covariance they explain.
  Eigen::MatrixXd whiten(Eigen::MatrixXd b) const;
  /// @brief L⁻ᵀ v: after whiten, gives (K + (σ² + jitter) I)⁻¹ b.
  Eigen::MatrixXd unwhiten(Eigen::MatrixXd v) const;
  /// @brief ∂k(x, p_j)/∂x for the rows p_j of `points`: one row per point, D columns.
  Eigen::MatrixXd prior_covariance_gradient(const Eigen::VectorXd& x,
                                            const Eigen::MatrixXd& points) const;
  /// @brief s², the prior latent variance, standardized units.
  double signal_variance() const { return kernel_.signal_variance(); }
  /// @brief σ² + jitter: what one observation adds to the latent variance.
  double observation_variance() const { return hyperparameters_.noise_variance() + jitter_; }
  /// @brief Mean, latent variance and their gradients in x at one point, original units.
  GpPointPrediction predict_with_gradient(const Eigen::VectorXd& x) const;
  /// @brief The same in standardized units.
  GpPointPrediction predict_with_gradient_standardized(const Eigen::VectorXd& x) const;

  /// @brief log p(y_std | X, θ) = −½ (y_std − m)ᵀ α − Σ log L_ii − (n/2) log 2π, of the
  /// standardized targets.
  double log_marginal_likelihood() const;
  /// @brief ∂/∂θ of the log marginal likelihood for θ = to_vector() of the hyperparameters:
  /// ½ tr((ααᵀ − K⁻¹) ∂K/∂θ_j). O(n³) for K⁻¹.
  Eigen::VectorXd log_marginal_likelihood_gradient() const;

  const GpHyperparameters& hyperparameters() const { return hyperparameters_; }
  const Standardization& standardization() const { return standardization_; }
  /// The lower-triangular Cholesky factor of K + (σ² + jitter) I (upper part zero).
  const Eigen::MatrixXd& cholesky_factor() const { return factor_; }
  const Eigen::VectorXd& alpha() const { return alpha_; }
  const Eigen::MatrixXd& inputs() const { return x_; }
  /// Targets in original units.
  const Eigen::VectorXd& targets() const { return y_; }
  double jitter() const { return jitter_; }
  Eigen::Index size() const { return x_.rows(); }
  Eigen::Index dim() const { return x_.cols(); }

 private:
  void factorize();
  void update_alpha();
  /// From standardized to original units.
  GpPrediction to_original(GpPrediction prediction) const;

  GpHyperparameters hyperparameters_;
  Standardization standardization_;
  Matern52Kernel kernel_;
  Eigen::MatrixXd x_;
  Eigen::VectorXd y_;
  Eigen::VectorXd residual_;  ///< y_std − mean
  Eigen::MatrixXd factor_;
  Eigen::VectorXd forward_;  ///< L⁻¹ residual, extended in O(n) by add_observation
  Eigen::VectorXd alpha_;
  double jitter_ = 0.0;
};

/// @brief Log marginal likelihood of standardized targets under θ and, if `gradient` is not
/// null, its gradient wrt θ = (log ℓ, log s², log σ²). Without building a GaussianProcess,
/// for the hyperparameter fit; throws fermata::Error if K cannot be factorized.
double log_marginal_likelihood(const Eigen::MatrixXd& x, const Eigen::VectorXd& y_standardized,
                               const GpHyperparameters& hyperparameters, Eigen::VectorXd* gradient);

}  // namespace fermata
