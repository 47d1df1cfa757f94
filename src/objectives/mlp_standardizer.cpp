#include "objectives/mlp_standardizer.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace fermata {

FeatureStandardizer fit_standardizer(const Dataset::Matrix& X,
                                     const std::vector<std::size_t>& rows) {
  if (rows.empty()) throw std::invalid_argument("fit_standardizer: no rows");
  const auto cols = static_cast<std::size_t>(X.cols());
  const auto n = static_cast<double>(rows.size());
  FeatureStandardizer s{std::vector<double>(cols, 0.0), std::vector<double>(cols, 0.0)};
  std::vector<double> sum_sq(cols, 0.0);
  std::vector<bool> constant(cols, true);
  const float* first = X.row(static_cast<Eigen::Index>(rows.front())).data();
  for (const std::size_t r : rows) {
    const float* row = X.row(static_cast<Eigen::Index>(r)).data();
    for (std::size_t c = 0; c < cols; ++c) {
      s.mean[c] += row[c];
      if (row[c] != first[c]) constant[c] = false;
    }
  }
  for (double& m : s.mean) m /= n;
  // Two passes: the centred sum of squares does not cancel for columns with a large mean.
  for (const std::size_t r : rows) {
    const float* row = X.row(static_cast<Eigen::Index>(r)).data();
    for (std::size_t c = 0; c < cols; ++c) {
      const double d = row[c] - s.mean[c];
      sum_sq[c] += d * d;
    }
  }
  for (std::size_t c = 0; c < cols; ++c) {
    if (constant[c]) continue;
    s.inv_scale[c] = 1.0 / std::max(std::sqrt(sum_sq[c] / n), kMinFeatureStd);
  }
  return s;
}

Dataset::Matrix standardize(const Dataset::Matrix& X, const std::vector<std::size_t>& rows,
                            const FeatureStandardizer& standardizer) {
  const Eigen::Index cols = X.cols();
  Dataset::Matrix out(static_cast<Eigen::Index>(rows.size()), cols);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const float* in = X.row(static_cast<Eigen::Index>(rows[i])).data();
    float* z = out.row(static_cast<Eigen::Index>(i)).data();
    for (Eigen::Index c = 0; c < cols; ++c) {
      const auto k = static_cast<std::size_t>(c);
      z[c] = static_cast<float>((in[c] - standardizer.mean[k]) * standardizer.inv_scale[k]);
    }
  }
  return out;
}

TargetScaler fit_target_scaler(const Eigen::VectorXf& y, const std::vector<std::size_t>& rows) {
  if (rows.empty()) throw std::invalid_argument("fit_target_scaler: no rows");
  double mean = 0.0;
  for (const std::size_t r : rows) mean += y[static_cast<Eigen::Index>(r)];
  mean /= static_cast<double>(rows.size());
  double sum_sq = 0.0;
  for (const std::size_t r : rows) {
    const double d = y[static_cast<Eigen::Index>(r)] - mean;
    sum_sq += d * d;
  }
  const double sd = std::sqrt(sum_sq / static_cast<double>(rows.size()));
  return {mean, sd > 0.0 ? sd : 1.0};
}

}  // namespace fermata
