#include <fermata/acquisition/acquisition.hpp>

#include <algorithm>
#include <cmath>

#include <fermata/acquisition/expected_improvement.hpp>

namespace fermata {

Acquisition::Acquisition(const GaussianProcess& gp, AcquisitionKind kind, double best, double kappa)
    : gp_(gp), kind_(kind), best_(best), kappa_(kappa) {}

double Acquisition::from_moments(double mean, double variance) const {
  const double sd = std::max(std::sqrt(std::max(variance, 0.0)), kMinAcquisitionSd);
  if (kind_ == AcquisitionKind::kExpectedImprovement) {
    return log_expected_improvement(mean, sd, best_);
  }
  return -(mean - kappa_ * sd);
}

Eigen::VectorXd Acquisition::values(const Eigen::MatrixXd& xs) const {
  const GpPrediction p = gp_.predict_standardized(xs);
  Eigen::VectorXd out(xs.rows());
  for (Eigen::Index i = 0; i < xs.rows(); ++i) out[i] = from_moments(p.mean[i], p.variance[i]);
  return out;
}

double Acquisition::value(const Eigen::VectorXd& x, Eigen::VectorXd* gradient) const {
  const GpPointPrediction p = gp_.predict_with_gradient_standardized(x);
  const double variance = std::max(p.variance, 0.0);
  const double sd = std::max(std::sqrt(variance), kMinAcquisitionSd);
  const double result = from_moments(p.mean, p.variance);
  if (gradient != nullptr) {
    // dσ/dx = (dσ²/dx) / (2σ); zero where σ sits on its floor.
    const Eigen::VectorXd sd_gradient = sd > kMinAcquisitionSd
                                            ? Eigen::VectorXd(p.variance_gradient / (2.0 * sd))
                                            : Eigen::VectorXd::Zero(x.size());
    if (kind_ == AcquisitionKind::kExpectedImprovement) {
      // log EI = log σ + log h(z), z = (best − μ)/σ.
      const double z = (best_ - p.mean) / sd;
      const double dh = log_h_derivative(z);
      *gradient = sd_gradient / sd + dh * (-p.mean_gradient / sd - z * sd_gradient / sd);
    } else {
      *gradient = -(p.mean_gradient - kappa_ * sd_gradient);
    }
  }
  return result;
}

}  // namespace fermata
