#include <fermata/gp/kernel.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace fermata {

namespace {

const double kSqrt5 = std::sqrt(5.0);

void check_dim(const Eigen::MatrixXd& x, Eigen::Index dim, const char* what) {
  if (x.cols() != dim) {
    throw std::invalid_argument(std::string("Matern52Kernel: ") + what + " has " +
                                std::to_string(x.cols()) + " columns, expected " +
                                std::to_string(dim) + " (one per lengthscale)");
  }
}

}  // namespace

Matern52Kernel::Matern52Kernel(Eigen::VectorXd lengthscales, double signal_variance)
    : lengthscales_(std::move(lengthscales)), signal_variance_(signal_variance) {
  if (lengthscales_.size() == 0) {
    throw std::invalid_argument("Matern52Kernel: needs at least one lengthscale");
  }
  for (Eigen::Index i = 0; i < lengthscales_.size(); ++i) {
    if (!(lengthscales_[i] > 0.0) || !std::isfinite(lengthscales_[i])) {
      throw std::invalid_argument("Matern52Kernel: lengthscale " + std::to_string(i) +
                                  " must be finite and > 0, found " +
                                  std::to_string(lengthscales_[i]));
    }
  }
  if (!(signal_variance_ > 0.0) || !std::isfinite(signal_variance_)) {
    throw std::invalid_argument("Matern52Kernel: signal variance must be finite and > 0, found " +
                                std::to_string(signal_variance_));
  }
}

Matern52Kernel Matern52Kernel::from_log(const Eigen::VectorXd& log_lengthscales,
                                        double log_signal_variance) {
  return Matern52Kernel(log_lengthscales.array().exp().matrix(), std::exp(log_signal_variance));
}

double Matern52Kernel::value_at_distance(double r, double signal_variance) {
  const double sr = kSqrt5 * r;
  return signal_variance * (1.0 + sr + sr * sr / 3.0) * std::exp(-sr);
}

Eigen::MatrixXd squared_distances(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  Eigen::MatrixXd d2 = -2.0 * (a * b.transpose());
  d2.colwise() += a.rowwise().squaredNorm();
  d2.rowwise() += b.rowwise().squaredNorm().transpose();
  return d2.cwiseMax(0.0);
}

namespace {

/// Squared distances among the rows of z: lower triangle by one symmetric rank-D update,
/// mirrored, so the result is exactly symmetric with an exactly zero diagonal.
Eigen::MatrixXd symmetric_squared_distances(const Eigen::MatrixXd& z) {
  const Eigen::Index n = z.rows();
  const Eigen::VectorXd norms = z.rowwise().squaredNorm();
  Eigen::MatrixXd d2 = Eigen::MatrixXd::Zero(n, n);
  d2.selfadjointView<Eigen::Lower>().rankUpdate(z, -2.0);
  for (Eigen::Index b = 0; b < n; ++b) {
    d2(b, b) = 0.0;
    const Eigen::Index below = n - b - 1;
    d2.col(b).tail(below) =
        (d2.col(b).tail(below).array() + norms.tail(below).array() + norms[b]).cwiseMax(0.0);
  }
  d2.triangularView<Eigen::StrictlyUpper>() = d2.transpose();
  return d2;
}

}  // namespace

Eigen::MatrixXd Matern52Kernel::scaled(const Eigen::MatrixXd& x) const {
  check_dim(x, dim(), "point set");
  return x.array().rowwise() / lengthscales_.transpose().array();
}

Eigen::MatrixXd Matern52Kernel::covariance_from_squared(const Eigen::MatrixXd& r2) const {
  const Eigen::ArrayXXd sr = kSqrt5 * r2.array().sqrt();
  return (signal_variance_ * (1.0 + sr + sr.square() / 3.0) * (-sr).exp()).matrix();
}

Eigen::MatrixXd Matern52Kernel::covariance(const Eigen::MatrixXd& x1,
                                           const Eigen::MatrixXd& x2) const {
  return covariance_from_squared(squared_distances(scaled(x1), scaled(x2)));
}

Eigen::MatrixXd Matern52Kernel::covariance(const Eigen::MatrixXd& x) const {
  return covariance_from_squared(symmetric_squared_distances(scaled(x)));
}

Eigen::VectorXd Matern52Kernel::diagonal(const Eigen::MatrixXd& x) const {
  check_dim(x, dim(), "point set");
  return Eigen::VectorXd::Constant(x.rows(), signal_variance_);
}

std::vector<Eigen::MatrixXd> Matern52Kernel::covariance_gradients(const Eigen::MatrixXd& x) const {
  const Eigen::MatrixXd z = scaled(x);
  const Eigen::MatrixXd r2 = symmetric_squared_distances(z);
  const Eigen::ArrayXXd sr = kSqrt5 * r2.array().sqrt();
  const Eigen::ArrayXXd radial = (5.0 / 3.0) * signal_variance_ * (1.0 + sr) * (-sr).exp();
  std::vector<Eigen::MatrixXd> gradients;
  gradients.reserve(static_cast<std::size_t>(dim() + 1));
  for (Eigen::Index i = 0; i < dim(); ++i) {
    const Eigen::MatrixXd d2 = squared_distances(z.col(i), z.col(i));
    gradients.emplace_back((radial * d2.array()).matrix());
  }
  gradients.push_back(covariance_from_squared(r2));
  return gradients;
}

Eigen::VectorXd Matern52Kernel::weighted_gradient(const Eigen::MatrixXd& x,
                                                  const Eigen::MatrixXd& weights) const {
  return Matern52Gram(*this, x).weighted_gradient(weights);
}

Matern52Gram::Matern52Gram(const Matern52Kernel& kernel, const Eigen::MatrixXd& x)
    : scaled_(kernel.scaled(x)) {
  const Eigen::ArrayXXd sr = kSqrt5 * symmetric_squared_distances(scaled_).array().sqrt();
  const Eigen::ArrayXXd decay = (-sr).exp();
  const double s2 = kernel.signal_variance();
  covariance_ = (s2 * (1.0 + sr + sr.square() / 3.0) * decay).matrix();
  radial_ = ((5.0 / 3.0) * s2 * (1.0 + sr) * decay).matrix();
}

Eigen::VectorXd Matern52Gram::weighted_gradient(const Eigen::MatrixXd& weights) const {
  const Eigen::Index n = scaled_.rows();
  const Eigen::Index dim = scaled_.cols();
  if (weights.rows() != n || weights.cols() != n) {
    throw std::invalid_argument("Matern52Kernel::weighted_gradient: weights must be " +
                                std::to_string(n) + " x " + std::to_string(n) + ", found " +
                                std::to_string(weights.rows()) + " x " +
                                std::to_string(weights.cols()));
  }
  // ∂K_ab/∂log ℓ_i = radial_ab (z_ai − z_bi)². With M = W ∘ radial (symmetric), for all i:
  // Σ_ab M_ab (z_ai − z_bi)² = 2 Σ_a z_ai² (M 1)_a − 2 Σ_a z_ai (M z)_ai.
  const Eigen::MatrixXd m = weights.cwiseProduct(radial_);
  const Eigen::VectorXd row_sums = m.rowwise().sum();
  const Eigen::MatrixXd mz = m * scaled_;
  Eigen::VectorXd gradient(dim + 1);
  gradient.head(dim) = 2.0 * (scaled_.array().square().matrix().transpose() * row_sums -
                              (scaled_.array() * mz.array()).colwise().sum().matrix().transpose());
  gradient[dim] = weights.cwiseProduct(covariance_).sum();  // ∂K/∂log s² = K
  return gradient;
}

Eigen::MatrixXd Matern52Kernel::cross_covariance_input_gradient(
    const Eigen::VectorXd& x, const Eigen::MatrixXd& points) const {
  if (x.size() != dim()) {
    throw std::invalid_argument("Matern52Kernel: query point has " + std::to_string(x.size()) +
                                " coordinates, expected " + std::to_string(dim()));
  }
  const Eigen::MatrixXd z = scaled(points);
  const Eigen::RowVectorXd zx = x.cwiseQuotient(lengthscales_).transpose();
  // diff(a, i) = (x_i − X_ai) / ℓ_i; ∂k/∂x_i = −(5/3) s² (1 + √5 r) e^{−√5 r} diff(a, i) / ℓ_i.
  const Eigen::MatrixXd diff = (-z).rowwise() + zx;
  const Eigen::ArrayXd sr = kSqrt5 * diff.rowwise().norm().array();
  const Eigen::ArrayXd radial = (5.0 / 3.0) * signal_variance_ * (1.0 + sr) * (-sr).exp();
  Eigen::MatrixXd gradient = diff.array().colwise() * (-radial);
  gradient.array().rowwise() /= lengthscales_.transpose().array();
  return gradient;
}

}  // namespace fermata
