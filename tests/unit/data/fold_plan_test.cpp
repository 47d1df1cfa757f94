#include <fermata/data/fold_plan.hpp>

#include <algorithm>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fermata/core/error.hpp>

#include "unit/data/fixtures.hpp"

namespace fermata {
namespace {

using test_support::with_classes;

// Every other row of the dataset, so pool indices differ from positions.
std::vector<std::size_t> every_other_row(const Dataset& d) {
  std::vector<std::size_t> pool;
  for (std::size_t r = 0; r < d.rows(); r += 2) pool.push_back(r);
  return pool;
}

std::size_t count_of_class(const Dataset& d, const std::vector<std::size_t>& rows, int c) {
  return static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), [&](std::size_t r) {
    return d.y[static_cast<Eigen::Index>(r)] == static_cast<float>(c);
  }));
}

// Each fold's train set is the pool minus its validation set; all lists sorted.
void expect_each_fold_splits_pool(const std::vector<Fold>& folds,
                                  const std::vector<std::size_t>& pool) {
  for (const Fold& fold : folds) {
    EXPECT_TRUE(std::is_sorted(fold.train.begin(), fold.train.end()));
    EXPECT_TRUE(std::is_sorted(fold.validation.begin(), fold.validation.end()));
    EXPECT_FALSE(fold.validation.empty());
    std::vector<std::size_t> both;
    std::set_intersection(fold.train.begin(), fold.train.end(), fold.validation.begin(),
                          fold.validation.end(), std::back_inserter(both));
    EXPECT_TRUE(both.empty());
    std::vector<std::size_t> merged;
    std::merge(fold.train.begin(), fold.train.end(), fold.validation.begin(), fold.validation.end(),
               std::back_inserter(merged));
    EXPECT_EQ(merged, pool);
  }
}

// The above, and every pool row is validated in exactly one fold.
void expect_partition(const std::vector<Fold>& folds, const std::vector<std::size_t>& pool) {
  expect_each_fold_splits_pool(folds, pool);
  std::vector<std::size_t> validated;
  for (const Fold& fold : folds) {
    validated.insert(validated.end(), fold.validation.begin(), fold.validation.end());
  }
  std::sort(validated.begin(), validated.end());
  EXPECT_EQ(validated, pool);
}

std::pair<std::size_t, std::size_t> min_max_validation(const std::vector<Fold>& folds) {
  std::size_t lo = SIZE_MAX, hi = 0;
  for (const Fold& f : folds) {
    lo = std::min(lo, f.validation.size());
    hi = std::max(hi, f.validation.size());
  }
  return {lo, hi};
}

TEST(FoldPlan, PlainFoldsPartitionThePoolWithSizesWithinOne) {
  const Dataset d = with_classes({120, 83});
  const std::vector<std::size_t> pool = every_other_row(d);
  for (int k : {2, 3, 7, 10}) {
    const auto folds = make_fold_plan(d, pool, k, false, 4);
    ASSERT_EQ(folds.size(), static_cast<std::size_t>(k));
    expect_partition(folds, pool);
    const auto [lo, hi] = min_max_validation(folds);
    EXPECT_LE(hi - lo, 1u) << "k = " << k;
  }
}

TEST(FoldPlan, StratifiedFoldsBalanceEveryClassAndFoldSizes) {
  const Dataset d = with_classes({97, 41, 13, 5, 2});
  const std::vector<std::size_t> pool = every_other_row(d);
  for (int k : {2, 5, 10}) {
    const auto folds = make_fold_plan(d, pool, k, true, 9);
    expect_partition(folds, pool);
    const auto [lo, hi] = min_max_validation(folds);
    EXPECT_LE(hi - lo, 1u) << "k = " << k;
    for (int c = 0; c < d.num_classes; ++c) {
      std::size_t c_lo = SIZE_MAX, c_hi = 0;
      for (const Fold& f : folds) {
        c_lo = std::min(c_lo, count_of_class(d, f.validation, c));
        c_hi = std::max(c_hi, count_of_class(d, f.validation, c));
      }
      EXPECT_LE(c_hi - c_lo, 1u) << "k = " << k << ", class " << c;
    }
  }
}

TEST(FoldPlan, StratifiedIsIgnoredForRegression) {
  Dataset d = with_classes({30, 30});
  d.task = Task::kRegression;
  d.num_classes = 0;  // stratifying would have to read classes that do not exist
  const std::vector<std::size_t> pool = every_other_row(d);
  expect_partition(make_fold_plan(d, pool, 3, true, 1), pool);
}

TEST(FoldPlan, IsDeterministicForASeedAndDiffersAcrossSeeds) {
  const Dataset d = with_classes({60, 40});
  const std::vector<std::size_t> pool = every_other_row(d);
  for (bool stratified : {false, true}) {
    const auto a = make_fold_plan(d, pool, 5, stratified, 21);
    const auto b = make_fold_plan(d, pool, 5, stratified, 21);
    const auto c = make_fold_plan(d, pool, 5, stratified, 22);
    for (std::size_t f = 0; f < a.size(); ++f) EXPECT_EQ(a[f].validation, b[f].validation);
    bool any_differs = false;
    for (std::size_t f = 0; f < a.size(); ++f) any_differs |= a[f].validation != c[f].validation;
    EXPECT_TRUE(any_differs) << "stratified = " << stratified;
  }
}

TEST(FoldPlan, UnsortedPoolGivesTheSamePlanAsSorted) {
  const Dataset d = with_classes({20, 20});
  std::vector<std::size_t> pool = every_other_row(d);
  const auto sorted_plan = make_fold_plan(d, pool, 4, true, 3);
  std::reverse(pool.begin(), pool.end());
  const auto reversed_plan = make_fold_plan(d, pool, 4, true, 3);
  for (std::size_t f = 0; f < 4; ++f) {
    EXPECT_EQ(sorted_plan[f].validation, reversed_plan[f].validation);
  }
}

TEST(FoldPlan, OneFoldIsASingleTwentyPercentSplit) {
  const Dataset d = with_classes({80, 20});
  std::vector<std::size_t> pool(d.rows());
  for (std::size_t i = 0; i < pool.size(); ++i) pool[i] = i;
  const auto folds = make_fold_plan(d, pool, 1, true, 2);
  ASSERT_EQ(folds.size(), 1u);
  expect_each_fold_splits_pool(folds, pool);
  EXPECT_EQ(folds[0].validation.size(), 20u);
  EXPECT_EQ(count_of_class(d, folds[0].validation, 0), 16u);
  EXPECT_EQ(count_of_class(d, folds[0].validation, 1), 4u);
}

TEST(FoldPlan, OneFoldOnTinyPoolStillTrainsAndValidates) {
  const Dataset d = with_classes({1, 1});
  const auto folds = make_fold_plan(d, {0, 1}, 1, false, 2);
  EXPECT_EQ(folds[0].validation.size(), 1u);
  EXPECT_EQ(folds[0].train.size(), 1u);
}

TEST(FoldPlan, BadFoldCountsAndPoolsAreDataErrors) {
  const Dataset d = with_classes({5, 5});
  const std::vector<std::size_t> pool = every_other_row(d);  // 5 rows
  EXPECT_THROW(make_fold_plan(d, pool, 0, false, 1), DataError);
  EXPECT_THROW(make_fold_plan(d, pool, -3, false, 1), DataError);
  try {
    make_fold_plan(d, pool, 6, true, 1);
    ADD_FAILURE() << "k > pool size did not throw";
  } catch (const DataError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("cv.folds = 6: expected at least 6 rows"));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("found 5"));
  }
  EXPECT_NO_THROW(make_fold_plan(d, pool, 5, true, 1));
  EXPECT_THROW(make_fold_plan(d, {0}, 1, false, 1), DataError);
  EXPECT_THROW(make_fold_plan(d, {0, 10}, 2, false, 1), DataError);    // row out of range
  EXPECT_THROW(make_fold_plan(d, {1, 1, 2}, 2, false, 1), DataError);  // repeated row
}

}  // namespace
}  // namespace fermata
