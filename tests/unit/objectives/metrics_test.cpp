#include <fermata/objectives/metrics.hpp>

#include <cmath>

#include <gtest/gtest.h>

namespace fermata {
namespace {

TEST(Metrics, ErrorRateOfBinaryProbabilities) {
  EXPECT_DOUBLE_EQ(compute_metric("error", {0.9f, 0.2f, 0.6f, 0.4f}, {1, 0, 0, 0}, 2), 0.25);
}

TEST(Metrics, ErrorRateOfMulticlassProbabilitiesUsesTheArgmax) {
  const std::vector<float> p = {0.1f, 0.7f, 0.2f,   // → 1
                                0.5f, 0.3f, 0.2f,   // → 0
                                0.2f, 0.3f, 0.5f};  // → 2
  EXPECT_DOUBLE_EQ(compute_metric("error", p, {1, 2, 2}, 3), 1.0 / 3.0);
}

TEST(Metrics, RootMeanSquaredError) {
  EXPECT_DOUBLE_EQ(compute_metric("rmse", {1.0f, 2.0f}, {0.0f, 0.0f}, 0), std::sqrt(2.5));
}

TEST(Metrics, RejectsUnknownMetricsAndMismatchedSizes) {
  EXPECT_THROW(compute_metric("f1", {0.5f}, {1}, 2), std::invalid_argument);
  EXPECT_THROW(compute_metric("error", {0.5f, 0.5f, 0.5f}, {1, 0}, 2), std::invalid_argument);
}

}  // namespace
}  // namespace fermata
