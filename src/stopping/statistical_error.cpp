#include <fermata/stopping/statistical_error.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace fermata {

double statistical_error(const std::vector<double>& fold_errors, double validation_ratio,
                         double error_scale) {
  const auto k = static_cast<double>(fold_errors.size());
  if (fold_errors.size() < 2) {
    throw std::invalid_argument("statistical_error: needs the errors of at least 2 folds, found " +
                                std::to_string(fold_errors.size()));
  }
  if (!std::all_of(fold_errors.begin(), fold_errors.end(),
                   [](double e) { return std::isfinite(e); })) {
    throw std::invalid_argument("statistical_error: every fold error must be finite");
  }
  if (!std::isnan(validation_ratio) && !(validation_ratio >= 0.0)) {
    throw std::invalid_argument("statistical_error: validation ratio must be >= 0, found " +
                                std::to_string(validation_ratio));
  }
  if (!(error_scale > 0.0)) {
    throw std::invalid_argument("statistical_error: error scale must be > 0, found " +
                                std::to_string(error_scale));
  }
  double mean = 0.0;
  for (double e : fold_errors) mean += e;
  mean /= k;
  double variance = 0.0;
  for (double e : fold_errors) variance += (e - mean) * (e - mean);
  variance /= k;
  const double ratio = std::isnan(validation_ratio) ? 1.0 / (k - 1.0) : validation_ratio;
  return error_scale * std::sqrt((1.0 / k + ratio) * variance);
}

double regret_bound_beta(int d, int m, double delta) {
  if (d < 1 || m < 1 || !(delta > 0.0 && delta < 1.0)) {
    throw std::invalid_argument(
        "regret_bound_beta: expected d >= 1, m >= 1 and 0 < delta < 1, "
        "found d = " +
        std::to_string(d) + ", m = " + std::to_string(m) + ", delta = " + std::to_string(delta));
  }
  const double pi2 = std::numbers::pi * std::numbers::pi;
  const double dm2 = static_cast<double>(d) * static_cast<double>(m) * static_cast<double>(m);
  return 2.0 * std::log(dm2 * pi2 / (6.0 * delta)) / 5.0;
}

int top_set_size(int n, double top_fraction) {
  if (n < 0 || !(top_fraction > 0.0 && top_fraction <= 1.0)) {
    throw std::invalid_argument(
        "top_set_size: expected n >= 0 and 0 < top_fraction <= 1, found n = " + std::to_string(n) +
        ", top_fraction = " + std::to_string(top_fraction));
  }
  const int scaled = static_cast<int>(std::floor(top_fraction * static_cast<double>(n)));
  return std::clamp(scaled, std::min(n, 20), n);
}

}  // namespace fermata
