#pragma once

#include <cstddef>
#include <vector>

#include <fermata/data/dataset.hpp>

namespace fermata {

/// @brief Per-column centring and scaling, z = (x − mean)·inv_scale, fitted on a fold's
/// training rows only so that no statistic of the validation rows leaks into training.
struct FeatureStandardizer {
  std::vector<double> mean;       ///< per column, over the fitted rows
  std::vector<double> inv_scale;  ///< 1 / population std; 0 for a column constant on them
};

/// @brief The standardizer of columns of `X` over `rows`. A column whose values are all equal
/// on `rows` gets inv_scale 0, so it maps to 0 everywhere: it carried no signal in training,
/// and an unseen validation value must not reach weights that were never trained on it. Other
/// columns divide by max(std, kMinFeatureStd). Throws std::invalid_argument for no rows.
FeatureStandardizer fit_standardizer(const Dataset::Matrix& X,
                                     const std::vector<std::size_t>& rows);

/// Smallest std a non-constant column is divided by; guards only against subnormal spreads.
inline constexpr double kMinFeatureStd = 1e-12;

/// @brief The standardized rows `rows` of `X`, in that order.
Dataset::Matrix standardize(const Dataset::Matrix& X, const std::vector<std::size_t>& rows,
                            const FeatureStandardizer& standardizer);

/// @brief Mean and scale of a regression target over the training rows; the network learns
/// (y − mean)/scale and its outputs are mapped back with y = mean + scale·output.
struct TargetScaler {
  double mean = 0.0;
  double scale = 1.0;  ///< population std, or 1 when the target is constant on the rows
};

/// @brief The target scaler of `y` over `rows`. Throws std::invalid_argument for no rows.
TargetScaler fit_target_scaler(const Eigen::VectorXf& y, const std::vector<std::size_t>& rows);

}  // namespace fermata
