#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

namespace fermata {

/// @brief The validation error of predictions against labels, lower is better.
/// `predictions` is row-major: one value per row (regression, or the positive-class
/// probability when num_classes == 2 and it holds one value per row), or num_classes
/// probabilities per row. Metrics: error (misclassification rate), rmse.
/// Throws std::invalid_argument for an unknown metric or mismatched sizes.
double compute_metric(const std::string& metric, const std::vector<float>& predictions,
                      const std::vector<float>& labels, int num_classes);

}  // namespace fermata
