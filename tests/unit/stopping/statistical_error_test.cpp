#include <fermata/stopping/statistical_error.hpp>

#include <cmath>
#include <stdexcept>

#include <gtest/gtest.h>

#include <fermata/study/trial.hpp>

namespace fermata {
namespace {

TEST(StatisticalError, FiveEqualFoldsUseOneOverKMinusOne) {
  // e = 0.10, 0.12, 0.08, 0.11, 0.09: ē = 0.50/5 = 0.10, deviations 0, ±0.02, ±0.01,
  // Σ(e − ē)² = 2·4e-4 + 2·1e-4 = 1e-3, s² = 1e-3/5 = 2e-4.
  // r = 1/(k−1) = 1/4: (1/5 + 1/4)·2e-4 = 0.45·2e-4 = 9e-5, ε = sqrt(9e-5) = 0.0094868329805.
  const std::vector<double> folds = {0.10, 0.12, 0.08, 0.11, 0.09};
  EXPECT_NEAR(statistical_error(folds, kNaN, 1.0), 0.0094868329805051, 1e-15);
  // error_scale multiplies: 0.5 · 0.0094868329805 = 0.00474341649.
  EXPECT_NEAR(statistical_error(folds, kNaN, 0.5), 0.0047434164902526, 1e-15);
}

TEST(StatisticalError, TenEqualFoldsUseOneOverNine) {
  // e = 0.20, 0.22, 0.18, 0.21, 0.19, 0.20, 0.23, 0.17, 0.20, 0.20: ē = 2.00/10 = 0.20,
  // Σ(e − ē)² = 2·4e-4 + 2·1e-4 + 2·9e-4 = 2.8e-3, s² = 2.8e-4.
  // (1/10 + 1/9) = 19/90: ε = sqrt(19/90 · 2.8e-4) = sqrt(5.9111e-5) = 0.0076883750631.
  const std::vector<double> folds = {0.20, 0.22, 0.18, 0.21, 0.19, 0.20, 0.23, 0.17, 0.20, 0.20};
  EXPECT_NEAR(statistical_error(folds, kNaN, 1.0), 0.0076883750631139, 1e-15);
}

TEST(StatisticalError, UnequalFoldsUseTheGivenValidationRatio) {
  // The five folds of the first test with n_val/n_train = 0.3 (unequal folds):
  // (1/5 + 0.3)·2e-4 = 0.5·2e-4 = 1e-4, ε = 0.01 exactly.
  const std::vector<double> folds = {0.10, 0.12, 0.08, 0.11, 0.09};
  EXPECT_NEAR(statistical_error(folds, 0.3, 1.0), 0.01, 1e-15);
  // Ratio 0 leaves the plain 1/k: sqrt(0.2·2e-4) = sqrt(4e-5) = 0.0063245553203.
  EXPECT_NEAR(statistical_error(folds, 0.0, 1.0), 0.0063245553203368, 1e-15);
}

TEST(StatisticalError, IdenticalFoldsHaveNoError) {
  EXPECT_EQ(statistical_error({0.3, 0.3, 0.3}, kNaN, 1.0), 0.0);
}

TEST(StatisticalError, RejectsOneFoldAndBadArguments) {
  EXPECT_THROW(statistical_error({0.1}, kNaN, 1.0), std::invalid_argument);
  EXPECT_THROW(statistical_error({0.1, kNaN}, kNaN, 1.0), std::invalid_argument);
  EXPECT_THROW(statistical_error({0.1, 0.2}, -0.1, 1.0), std::invalid_argument);
  EXPECT_THROW(statistical_error({0.1, 0.2}, kNaN, 0.0), std::invalid_argument);
}

TEST(RegretBoundBeta, MatchesTheFormulaForGivenDimensionsAndConfidence) {
  // d = 3, m = 20, δ = 0.1: 3·400·π²/0.6 = 2000π² = 19739.2088, ln = 9.8903622,
  // β = 2·9.8903622/5 = 3.9561449.
  EXPECT_NEAR(regret_bound_beta(3, 20, 0.1), 3.956144892496353, 1e-12);
  // d = 1, m = 1, δ = 0.5: π²/3 = 3.2898681, ln = 1.1908475, β = 0.4763390.
  EXPECT_NEAR(regret_bound_beta(1, 1, 0.5), 0.47633899321227624, 1e-12);
  // d = 2, m = 6, δ = 0.1: 2·36·π²/0.6 = 120π² = 1184.3525, ln = 7.0769515, β = 2.8307806.
  EXPECT_NEAR(regret_bound_beta(2, 6, 0.1), 2.830780605792339, 1e-12);
}

TEST(RegretBoundBeta, RejectsOutOfRangeArguments) {
  EXPECT_THROW(regret_bound_beta(0, 5, 0.1), std::invalid_argument);
  EXPECT_THROW(regret_bound_beta(2, 0, 0.1), std::invalid_argument);
  EXPECT_THROW(regret_bound_beta(2, 5, 1.0), std::invalid_argument);
}

TEST(TopSetSize, ClampsTheFractionBetweenTwentyAndAll) {
  // ρ = 0.5: floor(2.5) = 2 → at least min(5, 20) = 5; 10 → 20; 15 → 20; floor(20.5) = 20; 50.
  EXPECT_EQ(top_set_size(5, 0.5), 5);
  EXPECT_EQ(top_set_size(20, 0.5), 20);
  EXPECT_EQ(top_set_size(30, 0.5), 20);
  EXPECT_EQ(top_set_size(41, 0.5), 20);
  EXPECT_EQ(top_set_size(100, 0.5), 50);
  // ρ = 0.25: 1 → 5; 5 → 20; 7 → 20; 10 → 20; 25.
  EXPECT_EQ(top_set_size(5, 0.25), 5);
  EXPECT_EQ(top_set_size(20, 0.25), 20);
  EXPECT_EQ(top_set_size(30, 0.25), 20);
  EXPECT_EQ(top_set_size(41, 0.25), 20);
  EXPECT_EQ(top_set_size(100, 0.25), 25);
  EXPECT_EQ(top_set_size(100, 1.0), 100);
  EXPECT_THROW(top_set_size(10, 0.0), std::invalid_argument);
}

}  // namespace
}  // namespace fermata
