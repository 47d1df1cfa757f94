#include <fermata/objectives/metrics.hpp>

#include <cmath>
#include <numbers>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

using ::testing::HasSubstr;

// Probabilities below are sums of powers of two, so the float inputs are exact.
const double kLn2 = std::numbers::ln2;

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

TEST(Metrics, MeanAbsoluteError) {
  // |1 − 0| + |2 − 3| + |4 − 4| = 2 over 3 rows.
  EXPECT_DOUBLE_EQ(compute_metric("mae", {1.0f, 2.0f, 4.0f}, {0.0f, 3.0f, 4.0f}, 0), 2.0 / 3.0);
}

TEST(Metrics, BinaryLoglossReadsThePositiveClassProbability) {
  // label 1, p = 0.75: −ln 0.75;  label 0, p = 0.25: −ln(1 − 0.25) = −ln 0.75;
  // label 0, p = 0.5: −ln 0.5.  Mean = (2·ln(4/3) + ln 2) / 3 ≈ 0.422837.
  const double expected = (2.0 * std::log(4.0 / 3.0) + kLn2) / 3.0;
  EXPECT_NEAR(compute_metric("logloss", {0.75f, 0.25f, 0.5f}, {1, 0, 0}, 2), expected, 1e-12);
}

TEST(Metrics, MulticlassLoglossReadsTheLabelsColumn) {
  // Row 0: label 0, p = 0.5 → ln 2.  Row 1: label 2, p = 0.125 → 3·ln 2.  Mean = 2·ln 2.
  const std::vector<float> p = {0.5f, 0.25f, 0.25f, 0.125f, 0.75f, 0.125f};
  EXPECT_NEAR(compute_metric("logloss", p, {0, 2}, 3), 2.0 * kLn2, 1e-12);
}

TEST(Metrics, LoglossClipsProbabilitiesSoCertainMistakesStayFinite) {
  // p clipped to 1e-15: −ln 1e-15 = 15·ln 10 ≈ 34.538776, for a binary and a multiclass row.
  const double worst = 15.0 * std::log(10.0);
  EXPECT_NEAR(compute_metric("logloss", {0.0f}, {1}, 2), worst, 1e-9);
  EXPECT_NEAR(compute_metric("logloss", {1.0f}, {0}, 2), worst, 1e-9);
  EXPECT_NEAR(compute_metric("logloss", {0.0f, 1.0f, 0.0f}, {0}, 3), worst, 1e-9);
  // A certain, right answer costs −ln(1 − 1e-15) ≈ 1e-15: positive, not zero.
  const double best = compute_metric("logloss", {1.0f}, {1}, 2);
  EXPECT_GT(best, 0.0);
  EXPECT_LT(best, 1e-14);
}

TEST(Metrics, AucErrorOfBinaryScoresIsOneMinusTheMannWhitneyStatistic) {
  // Ascending scores 0.1(−) 0.35(+) 0.4(−) 0.8(+): positive ranks 2 + 4 = 6,
  // U = 6 − 2·3/2 = 3, AUC = 3 / (2·2) = 0.75, error 0.25.
  EXPECT_NEAR(compute_metric("auc", {0.1f, 0.4f, 0.35f, 0.8f}, {0, 0, 1, 1}, 2), 0.25, 1e-12);
}

TEST(Metrics, AucGivesTiedScoresTheirAverageRank) {
  // Ascending: 0.25(−) rank 1; 0.5(+) 0.5(−) 0.5(−) ranks 2..4, each 3; 0.75(+) rank 5.
  // Positive ranks 3 + 5 = 8, U = 8 − 3 = 5, AUC = 5 / (2·3) = 5/6 (the tied pair counts 1/2
  // each), error 1/6.
  EXPECT_NEAR(compute_metric("auc", {0.5f, 0.5f, 0.5f, 0.25f, 0.75f}, {1, 0, 0, 0, 1}, 2),
              1.0 / 6.0, 1e-12);
  // All scores tied: AUC 0.5, no better than chance.
  EXPECT_NEAR(compute_metric("auc", {0.5f, 0.5f, 0.5f}, {1, 0, 1}, 2), 0.5, 1e-12);
}

TEST(Metrics, AucErrorIsZeroForAPerfectRankingAndOneForAReversedOne) {
  EXPECT_DOUBLE_EQ(compute_metric("auc", {0.1f, 0.2f, 0.8f, 0.9f}, {0, 0, 1, 1}, 2), 0.0);
  EXPECT_DOUBLE_EQ(compute_metric("auc", {0.9f, 0.8f, 0.2f, 0.1f}, {0, 0, 1, 1}, 2), 1.0);
}

TEST(Metrics, BinaryAucReadsTheSecondColumnOfTwoProbabilities) {
  const std::vector<float> p = {0.9f, 0.1f, 0.6f, 0.4f, 0.65f, 0.35f, 0.2f, 0.8f};
  EXPECT_NEAR(compute_metric("auc", p, {0, 0, 1, 1}, 2), 0.25, 1e-12);
}

TEST(Metrics, MulticlassAucIsTheMacroAverageOfOneVsRest) {
  const std::vector<float> p = {0.5f,  0.25f,  0.25f,    // label 0
                                0.25f, 0.5f,   0.25f,    // label 1
                                0.25f, 0.25f,  0.5f,     // label 2
                                0.5f,  0.375f, 0.125f};  // label 1
  // Class 0, column {0.5, 0.25, 0.25, 0.5}: its positive 0.5 beats 0.25, 0.25 and ties 0.5:
  //   (1 + 1 + 0.5) / 3 = 5/6.
  // Class 1, column {0.25, 0.5, 0.25, 0.375}: positives 0.5, 0.375 beat both 0.25s: 1.
  // Class 2, column {0.25, 0.25, 0.5, 0.125}: positive 0.5 beats all three: 1.
  // Macro AUC = (5/6 + 1 + 1) / 3 = 17/18, error 1/18.
  EXPECT_NEAR(compute_metric("auc", p, {0, 1, 2, 1}, 3), 1.0 / 18.0, 1e-12);
}

TEST(Metrics, MulticlassAucAveragesOnlyTheClassesPresent) {
  const std::vector<float> p = {0.625f, 0.25f, 0.125f,  // label 0
                                0.25f,  0.5f,  0.25f,   // label 1
                                0.5f,   0.25f, 0.25f};  // label 1
  // Class 0, column {0.625, 0.25, 0.5}: 0.625 beats both: 1.
  // Class 1, column {0.25, 0.5, 0.25}: 0.5 beats 0.25 (1), 0.25 ties 0.25 (1/2): 0.75.
  // Class 2 has no row, so no AUC: (1 + 0.75) / 2 = 0.875, error 0.125.
  EXPECT_NEAR(compute_metric("auc", p, {0, 1, 1}, 3), 0.125, 1e-12);
}

TEST(Metrics, AucOfRowsOfASingleClassIsAModelErrorThatSaysWhy) {
  try {
    compute_metric("auc", {0.2f, 0.7f}, {1, 1}, 2);
    FAIL() << "expected a ModelError";
  } catch (const ModelError& e) {
    EXPECT_THAT(e.what(), HasSubstr("auc"));
    EXPECT_THAT(e.what(), HasSubstr("one class"));
  }
  EXPECT_THROW(compute_metric("auc", {0.2f, 0.3f, 0.5f, 0.1f, 0.1f, 0.8f}, {2, 2}, 3), ModelError);
}

TEST(Metrics, ANanPredictionGivesNan) {
  const float nan = std::nanf("");
  EXPECT_TRUE(std::isnan(compute_metric("auc", {0.2f, nan}, {0, 1}, 2)));
  EXPECT_TRUE(std::isnan(compute_metric("rmse", {nan}, {1.0f}, 0)));
}

TEST(Metrics, RejectsUnknownMetricsAndMismatchedSizes) {
  EXPECT_THROW(compute_metric("f1", {0.5f}, {1}, 2), std::invalid_argument);
  EXPECT_THROW(compute_metric("error", {0.5f, 0.5f, 0.5f}, {1, 0}, 2), std::invalid_argument);
  EXPECT_THROW(compute_metric("mae", {0.5f, 0.5f}, {1}, 0), std::invalid_argument);
  EXPECT_THROW(compute_metric("logloss", {0.5f}, {}, 2), std::invalid_argument);
  // One value per row cannot describe three classes.
  EXPECT_THROW(compute_metric("logloss", {0.5f}, {1}, 3), std::invalid_argument);
}

TEST(Metrics, RejectsLabelsThatAreNotClassIndices) {
  EXPECT_THROW(compute_metric("logloss", {0.5f}, {2}, 2), std::invalid_argument);
  EXPECT_THROW(compute_metric("auc", {0.5f, 0.5f}, {0.5f, 1}, 2), std::invalid_argument);
  EXPECT_THROW(compute_metric("error", {0.5f, 0.5f}, {-1, 0}, 2), std::invalid_argument);
}

TEST(Metrics, OnlyLoglossAndAucNeedProbabilities) {
  EXPECT_TRUE(metric_needs_probabilities("logloss"));
  EXPECT_TRUE(metric_needs_probabilities("auc"));
  EXPECT_FALSE(metric_needs_probabilities("error"));
  EXPECT_FALSE(metric_needs_probabilities("rmse"));
}

TEST(Metrics, ResolvesTheTaskDefaultAndRejectsAnotherTasksMetric) {
  EXPECT_EQ(resolve_metric("", Task::kClassification), "error");
  EXPECT_EQ(resolve_metric("", Task::kRegression), "rmse");
  EXPECT_EQ(resolve_metric("auc", Task::kClassification), "auc");
  EXPECT_EQ(resolve_metric("mae", Task::kRegression), "mae");
  try {
    resolve_metric("rmse", Task::kClassification);
    FAIL() << "expected a JobError";
  } catch (const JobError& e) {
    EXPECT_THAT(e.what(), HasSubstr("model.metric"));
    EXPECT_THAT(e.what(), HasSubstr("'rmse'"));
  }
  EXPECT_THROW(resolve_metric("logloss", Task::kRegression), JobError);
}

}  // namespace
}  // namespace fermata
