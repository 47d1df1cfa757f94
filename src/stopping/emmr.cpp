#include "stopping/emmr.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <Eigen/Dense>

#include <fermata/acquisition/expected_improvement.hpp>
#include <fermata/gp/gaussian_process.hpp>
#include <fermata/stopping/statistical_error.hpp>

#include "stopping/confidence_bounds.hpp"
#include "stopping/stopping_model.hpp"

namespace fermata::stopping_detail {
namespace {

/// Posterior covariance of the latent values at two points: k(a, b) − k_aᵀ (K + σ²I)⁻¹ k_b.
double posterior_covariance(const GaussianProcess& gp, const Eigen::VectorXd& a,
                            const Eigen::VectorXd& b) {
  const Matern52Kernel kernel = gp.hyperparameters().kernel();
  Eigen::MatrixXd ab(2, a.size());
  ab.row(0) = a.transpose();
  ab.row(1) = b.transpose();
  const Eigen::MatrixXd cross = kernel.covariance(gp.inputs(), ab);
  const Eigen::MatrixXd w = gp.cholesky_factor().triangularView<Eigen::Lower>().solve(cross);
  return kernel.covariance(ab)(0, 1) - w.col(0).dot(w.col(1));
}

/// E[max(Δ, 0)] for Δ ~ N(mean, sd²), through log h so a large |mean|/sd loses no digits.
double expected_positive_part(double mean, double sd) {
  if (!(sd > 1e-12)) return std::max(mean, 0.0);
  return sd * std::exp(log_h(mean / sd));
}

}  // namespace

EmmrTerms compute_emmr(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Space& space,
                       double delta, std::uint64_t seed) {
  const Eigen::Index n = y.size();
  if (n < 2 || x.rows() != n) {
    throw std::invalid_argument("compute_emmr: needs at least 2 points with one row each");
  }
  const auto count = static_cast<std::size_t>(n);
  const GpHyperparameters h = fit_map_hyperparameters(x, y, fit_seed(seed, count));
  const Standardization s = Standardization::of(y);
  const GaussianProcess now(x, y, h, s);
  const GaussianProcess before(x.topRows(n - 1), y.head(n - 1), h, s);

  const Eigen::VectorXd best_now =
      x.row(static_cast<Eigen::Index>(incumbent_position(y))).transpose();
  const Eigen::VectorXd best_before =
      x.row(static_cast<Eigen::Index>(incumbent_position(y.head(n - 1)))).transpose();
  Eigen::MatrixXd pair(2, x.cols());
  pair.row(0) = best_now.transpose();
  pair.row(1) = best_before.transpose();
  const GpPrediction at_now = now.predict_standardized(pair);
  const double mean_before = before.predict_standardized(best_before.transpose()).mean[0];

  EmmrTerms out;
  const double mean_shift = at_now.mean[0] - mean_before;
  const double shift_variance = at_now.variance[0] + at_now.variance[1] -
                                2.0 * posterior_covariance(now, best_now, best_before);
  const double expected_shift =
      expected_positive_part(mean_shift, std::sqrt(std::max(shift_variance, 0.0)));

  // KL between the posteriors before and after the last observation (paper, eq. 4).
  const GpPrediction at_new = before.predict_standardized(x.bottomRows(1));
  const double s2 = std::max(at_new.variance[0], 0.0);
  const double noise = h.noise_variance();
  const double residual = (y[n - 1] - s.offset) / s.scale - at_new.mean[0];
  const double kl = 0.5 * std::log1p(s2 / noise) - 0.5 * s2 / (s2 + noise) +
                    0.5 * s2 * residual * residual / ((s2 + noise) * (s2 + noise));

  const double beta =
      regret_bound_beta(static_cast<int>(space.size()), static_cast<int>(n - 1), delta);
  const double kappa =
      standardized_regret_bound(before, beta, space, search_seed(seed, count)).regret_bound;

  out.mean_shift = s.scale * mean_shift;
  out.expected_shift = s.scale * expected_shift;
  out.kappa = s.scale * kappa;
  out.kl_divergence = std::max(kl, 0.0);
  out.emmr = s.scale * (expected_shift + kappa * std::sqrt(out.kl_divergence / 2.0));
  return out;
}

}  // namespace fermata::stopping_detail
