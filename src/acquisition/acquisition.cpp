#include <fermata/acquisition/acquisition.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <queue>

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

Eigen::VectorXd Acquisition::top_values(const Eigen::MatrixXd& xs,
                                        const std::vector<bool>& eligible, int keep) const {
  // Rows per triangular solve: enough for a blocked solve to run at full speed, few enough
  // that little is computed past the point where the bound settles the top values.
  constexpr std::size_t kBlock = 64;
  const GpScreen screen = gp_.screen_standardized(xs);
  const auto m = static_cast<std::size_t>(xs.rows());
  std::vector<double> bound(m);
  for (std::size_t i = 0; i < m; ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    bound[i] = from_moments(screen.mean[r], screen.variance_bound[r]);
  }
  std::vector<Eigen::Index> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    return bound[static_cast<std::size_t>(a)] > bound[static_cast<std::size_t>(b)];
  });
  Eigen::VectorXd out =
      Eigen::VectorXd::Constant(xs.rows(), -std::numeric_limits<double>::infinity());
  // The keep largest exact values of eligible rows so far; top() is the smallest of them.
  std::priority_queue<double, std::vector<double>, std::greater<>> best;
  const auto wanted = static_cast<std::size_t>(std::max(keep, 1));
  for (std::size_t at = 0; at < m;) {
    if (best.size() == wanted && bound[static_cast<std::size_t>(order[at])] < best.top()) break;
    const std::vector<Eigen::Index> block(
        order.begin() + static_cast<std::ptrdiff_t>(at),
        order.begin() + static_cast<std::ptrdiff_t>(std::min(m, at + kBlock)));
    at += block.size();
    const Eigen::VectorXd variance = gp_.screened_variances(screen, block);
    for (std::size_t j = 0; j < block.size(); ++j) {
      const Eigen::Index r = block[j];
      out[r] = from_moments(screen.mean[r], variance[static_cast<Eigen::Index>(j)]);
      if (!eligible[static_cast<std::size_t>(r)]) continue;
      if (best.size() < wanted) {
        best.push(out[r]);
      } else if (out[r] > best.top()) {
        best.pop();
        best.push(out[r]);
      }
    }
  }
  return out;
}

double Acquisition::value(const Eigen::VectorXd& x, Eigen::VectorXd* gradient) const {
  return value_from(gp_.predict_with_gradient_standardized(x), gradient);
}

double Acquisition::value_from(const GpPointPrediction& p, Eigen::VectorXd* gradient) const {
  const double variance = std::max(p.variance, 0.0);
  const double sd = std::max(std::sqrt(variance), kMinAcquisitionSd);
  const double result = from_moments(p.mean, p.variance);
  if (gradient != nullptr) {
    // dσ/dx = (dσ²/dx) / (2σ); zero where σ sits on its floor.
    const Eigen::VectorXd sd_gradient = sd > kMinAcquisitionSd
                                            ? Eigen::VectorXd(p.variance_gradient / (2.0 * sd))
                                            : Eigen::VectorXd::Zero(p.variance_gradient.size());
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
