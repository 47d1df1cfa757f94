#include <fermata/data/fold_plan.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fermata/core/error.hpp>

#include "unit/data/fixtures.hpp"

namespace fermata {
namespace {

using test_support::with_classes;

Dataset regression_rows(int rows) {
  Dataset d;
  d.task = Task::kRegression;
  d.y = Eigen::VectorXf::LinSpaced(rows, 0.0f, 1.0f);
  d.X = Dataset::Matrix::Zero(rows, 1);
  return d;
}

std::vector<int> class_counts(const Dataset& d, const std::vector<std::size_t>& rows) {
  std::vector<int> counts(static_cast<std::size_t>(d.num_classes), 0);
  for (std::size_t r : rows) ++counts[static_cast<std::size_t>(d.y[static_cast<Eigen::Index>(r)])];
  return counts;
}

void expect_partition(const HoldoutSplit& split, std::size_t rows) {
  EXPECT_TRUE(std::is_sorted(split.pool.begin(), split.pool.end()));
  EXPECT_TRUE(std::is_sorted(split.test.begin(), split.test.end()));
  std::vector<std::size_t> all = split.pool;
  all.insert(all.end(), split.test.begin(), split.test.end());
  std::sort(all.begin(), all.end());
  std::vector<std::size_t> expected(rows);
  for (std::size_t i = 0; i < rows; ++i) expected[i] = i;
  EXPECT_EQ(all, expected);
}

TEST(HoldoutSplit, StratifiedTestKeepsEachClassWithinOneRowOfItsShare) {
  const std::vector<int> sizes = {700, 211, 53, 9, 27};
  const Dataset d = with_classes(sizes);
  const double fraction = 0.3;
  const HoldoutSplit split = make_holdout_split(d, fraction, 11);
  expect_partition(split, d.rows());
  EXPECT_EQ(split.test.size(), static_cast<std::size_t>(std::llround(fraction * d.rows())));
  const std::vector<int> test = class_counts(d, split.test);
  for (std::size_t c = 0; c < sizes.size(); ++c) {
    const double share = static_cast<double>(split.test.size()) * sizes[c] / d.rows();
    EXPECT_LT(std::abs(test[c] - share), 1.0) << "class " << c;
  }
}

TEST(HoldoutSplit, RegressionTakesTheRoundedFractionOfRows) {
  const Dataset d = regression_rows(101);
  const HoldoutSplit split = make_holdout_split(d, 0.25, 3);
  expect_partition(split, 101);
  EXPECT_EQ(split.test.size(), 25u);
}

TEST(HoldoutSplit, ZeroFractionKeepsEveryRowInThePool) {
  const Dataset d = with_classes({5, 5});
  const HoldoutSplit split = make_holdout_split(d, 0.0, 1);
  EXPECT_TRUE(split.test.empty());
  EXPECT_EQ(split.pool.size(), 10u);
}

TEST(HoldoutSplit, IsDeterministicForASeedAndDiffersAcrossSeeds) {
  const Dataset d = with_classes({300, 200});
  const HoldoutSplit a = make_holdout_split(d, 0.2, 5);
  EXPECT_EQ(a.test, make_holdout_split(d, 0.2, 5).test);
  EXPECT_NE(a.test, make_holdout_split(d, 0.2, 6).test);
}

TEST(HoldoutSplit, FractionOutsideZeroToOneIsAJobError) {
  const Dataset d = with_classes({5, 5});
  EXPECT_THROW(make_holdout_split(d, 1.0, 1), JobError);
  EXPECT_THROW(make_holdout_split(d, -0.1, 1), JobError);
  EXPECT_THROW(make_holdout_split(d, std::nan(""), 1), JobError);
  try {
    make_holdout_split(d, 1.5, 1);
  } catch (const JobError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("data.test_fraction: expected a value in [0, 1)"));
  }
}

TEST(HoldoutSplit, FractionThatLeavesNoPoolIsADataError) {
  const Dataset d = regression_rows(1);
  EXPECT_THROW(make_holdout_split(d, 0.6, 1), DataError);
}

TEST(HoldoutSplit, ClassIndexOutsideTheClassesIsADataError) {
  Dataset d = with_classes({3, 3});
  d.y[2] = 5.0f;
  EXPECT_THROW(make_holdout_split(d, 0.5, 1), DataError);
}

}  // namespace
}  // namespace fermata
