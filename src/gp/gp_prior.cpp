#include <fermata/gp/gp_prior.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <stdexcept>
#include <string>

namespace fermata {

namespace {

LogScalePrior make_prior(double mean, double sd, double lower_value, double upper_value) {
  return {mean, sd, std::log(lower_value), std::log(upper_value)};
}

void check_theta(const Eigen::VectorXd& theta) {
  if (theta.size() < 3) {
    throw std::invalid_argument("GpPrior: θ has " + std::to_string(theta.size()) +
                                " values, expected D + 2 >= 3");
  }
}

}  // namespace

double LogScalePrior::log_density(double theta) const {
  const double z = (theta - mean) / sd;
  return -0.5 * z * z - std::log(sd) - 0.5 * std::log(2.0 * std::numbers::pi);
}

double LogScalePrior::log_density_derivative(double theta) const {
  return -(theta - mean) / (sd * sd);
}

GpPrior GpPrior::weak(Eigen::Index dim) {
  if (dim < 1) throw std::invalid_argument("GpPrior: needs at least one input dimension");
  GpPrior prior;
  const double lengthscale_median = 0.5 * std::sqrt(static_cast<double>(dim));
  prior.lengthscale = make_prior(std::log(lengthscale_median), 1.5, 1e-2, 1e2);
  prior.signal_variance = make_prior(0.0, 1.5, 1e-2, 1e2);
  prior.noise_variance = make_prior(std::log(1e-2), 2.0, 1e-6, 1.0);
  return prior;
}

double GpPrior::log_density(const Eigen::VectorXd& theta, Eigen::VectorXd* gradient) const {
  check_theta(theta);
  const Eigen::Index dim = theta.size() - 2;
  if (gradient != nullptr) gradient->resize(theta.size());
  double total = 0.0;
  for (Eigen::Index j = 0; j < theta.size(); ++j) {
    const LogScalePrior& p = j < dim ? lengthscale : (j == dim ? signal_variance : noise_variance);
    total += p.log_density(theta[j]);
    if (gradient != nullptr) (*gradient)[j] = p.log_density_derivative(theta[j]);
  }
  return total;
}

Eigen::VectorXd GpPrior::lower_bounds(Eigen::Index dim) const {
  Eigen::VectorXd lower(dim + 2);
  lower << Eigen::VectorXd::Constant(dim, lengthscale.lower), signal_variance.lower,
      noise_variance.lower;
  return lower;
}

Eigen::VectorXd GpPrior::upper_bounds(Eigen::Index dim) const {
  Eigen::VectorXd upper(dim + 2);
  upper << Eigen::VectorXd::Constant(dim, lengthscale.upper), signal_variance.upper,
      noise_variance.upper;
  return upper;
}

Eigen::VectorXd GpPrior::center(Eigen::Index dim) const {
  Eigen::VectorXd theta(dim + 2);
  theta << Eigen::VectorXd::Constant(dim, lengthscale.mean), signal_variance.mean,
      noise_variance.mean;
  return theta.cwiseMax(lower_bounds(dim)).cwiseMin(upper_bounds(dim));
}

Eigen::VectorXd GpPrior::sample(Eigen::Index dim, Rng& rng) const {
  std::normal_distribution<double> normal(0.0, 1.0);
  Eigen::VectorXd theta(dim + 2);
  for (Eigen::Index j = 0; j < dim; ++j) theta[j] = lengthscale.mean + lengthscale.sd * normal(rng);
  theta[dim] = signal_variance.mean + signal_variance.sd * normal(rng);
  theta[dim + 1] = noise_variance.mean + noise_variance.sd * normal(rng);
  return theta.cwiseMax(lower_bounds(dim)).cwiseMin(upper_bounds(dim));
}

}  // namespace fermata
