#include <fermata/acquisition/expected_improvement.hpp>

#include <cmath>
#include <numbers>

#include <gtest/gtest.h>
#include <boost/math/special_functions/erf.hpp>

namespace fermata {
namespace {

// h(z) = zΦ(z) + φ(z) computed naively (accurate where nothing under- or overflows).
double naive_h(double z) {
  const double cdf = 0.5 * boost::math::erfc(-z / std::numbers::sqrt2);
  return z * cdf + std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi);
}

TEST(LogExpectedImprovement, MatchesThePlainFormulaWhereThatIsAccurate) {
  for (double z = -8.0; z <= 6.0; z += 0.25) {
    EXPECT_NEAR(log_h(z), std::log(naive_h(z)),
                1e-9 * std::max(1.0, std::abs(std::log(naive_h(z)))))
        << "z = " << z;
  }
}

TEST(LogExpectedImprovement, IsContinuousAcrossTheSwitchToContinuedFractions) {
  EXPECT_NEAR(log_h(-5.0 - 1e-9), log_h(-5.0 + 1e-9), 1e-7);
}

TEST(LogExpectedImprovement, StaysFiniteAndAccurateWherePlainEiUnderflows) {
  // Far from the incumbent plain EI is exactly 0 in double precision ...
  EXPECT_EQ(expected_improvement(0.0, 1.0, -40.0), 0.0);
  // ... while log EI is finite and follows the asymptote log h(z) ≈ log φ(z) − 2 log|z|
  // (h(z) = φ(z)/z² · (1 − 3/z² + O(z⁻⁴)) as z → −∞).
  for (double z : {-40.0, -100.0, -1000.0}) {
    const double value = log_h(z);
    ASSERT_TRUE(std::isfinite(value)) << z;
    const double asymptote = -0.5 * z * z - 0.5 * std::log(2 * std::numbers::pi) -
                             2 * std::log(-z) + std::log1p(-3 / (z * z) + 15 / (z * z * z * z));
    EXPECT_NEAR(value, asymptote, 1e-9 * std::abs(asymptote)) << z;
  }
  EXPECT_TRUE(std::isfinite(log_expected_improvement(50.0, 1.0, 0.0)));
}

TEST(LogExpectedImprovement, DerivativeMatchesFiniteDifferences) {
  for (double z : {-60.0, -12.0, -5.5, -4.0, -1.0, 0.0, 2.5}) {
    const double step = 1e-6 * std::max(1.0, std::abs(z));
    const double numeric = (log_h(z + step) - log_h(z - step)) / (2 * step);
    EXPECT_NEAR(log_h_derivative(z), numeric, 1e-5 * std::max(1.0, std::abs(numeric))) << z;
  }
}

TEST(ProbabilityOfImprovement, IsTheNormalCdfOfTheStandardizedGap) {
  EXPECT_NEAR(probability_of_improvement(0.0, 1.0, 0.0), 0.5, 1e-15);
  EXPECT_NEAR(probability_of_improvement(1.0, 2.0, 0.0), 0.3085375387259869, 1e-12);
}

}  // namespace
}  // namespace fermata
