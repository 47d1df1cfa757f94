#include "stopping/hyperparameter_samples.hpp"

#include <cmath>
#include <limits>
#include <random>

#include <fermata/core/error.hpp>
#include <fermata/core/rng.hpp>
#include <fermata/gp/gp_fit.hpp>
#include <fermata/gp/gp_prior.hpp>

namespace fermata::stopping_detail {
namespace {

constexpr int kBurnIn = 2;
constexpr double kWidth = 1.0;  ///< initial slice width in log space: a factor e
constexpr int kMaxSteps = 8;    ///< stepping-out and shrinkage limits per coordinate

}  // namespace

std::vector<GpHyperparameters> sample_hyperparameters(const Eigen::MatrixXd& x,
                                                      const Eigen::VectorXd& y,
                                                      const GpHyperparameters& map, int count,
                                                      std::uint64_t seed) {
  const GpPrior prior = GpPrior::weak(x.cols());
  const Eigen::VectorXd lower = prior.lower_bounds(x.cols());
  const Eigen::VectorXd upper = prior.upper_bounds(x.cols());
  const Eigen::VectorXd y_std = Standardization::of(y).apply(y);
  // log density up to a constant; −∞ outside the bounds or where K cannot be factorized.
  auto log_density = [&](const Eigen::VectorXd& theta) {
    if ((theta.array() < lower.array()).any() || (theta.array() > upper.array()).any()) {
      return -std::numeric_limits<double>::infinity();
    }
    try {
      return -negative_log_posterior(x, y_std, theta, prior, nullptr);
    } catch (const Error&) {
      return -std::numeric_limits<double>::infinity();
    }
  };
  Rng rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Eigen::VectorXd theta = map.to_vector();
  double current = log_density(theta);
  std::vector<GpHyperparameters> out;
  for (int sweep = 0; static_cast<int>(out.size()) < count; ++sweep) {
    for (Eigen::Index j = 0; j < theta.size(); ++j) {
      const double level = current + std::log(unit(rng));
      double left = theta[j] - kWidth * unit(rng);
      double right = left + kWidth;
      Eigen::VectorXd probe = theta;
      for (int s = 0; s < kMaxSteps; ++s) {
        probe[j] = left;
        if (log_density(probe) <= level) break;
        left -= kWidth;
      }
      for (int s = 0; s < kMaxSteps; ++s) {
        probe[j] = right;
        if (log_density(probe) <= level) break;
        right += kWidth;
      }
      for (int s = 0; s < 4 * kMaxSteps; ++s) {
        probe[j] = left + (right - left) * unit(rng);
        const double value = log_density(probe);
        if (value > level) {
          theta = probe;
          current = value;
          break;
        }
        (probe[j] < theta[j] ? left : right) = probe[j];  // shrink towards the current point
      }
    }
    if (sweep >= kBurnIn - 1) out.push_back(GpHyperparameters::from_vector(theta, map.mean));
  }
  return out;
}

}  // namespace fermata::stopping_detail
