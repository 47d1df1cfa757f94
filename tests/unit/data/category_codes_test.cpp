// Per-split category codes: built from the training rows only, unseen categories missing.
#include <fermata/data/category_codes.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace fermata {
namespace {

constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();

// Feature 0 numeric; feature 1 categorical over {a, b, c, d}.
Dataset table() {
  Dataset d;
  d.feature_names = {"x", "letter"};
  d.X.resize(6, 2);
  d.X << 0.5f, 0,  //
      1.5f, 1,     //
      2.5f, 3,     //
      3.5f, 1,     //
      4.5f, 2,     //
      5.5f, kMissing;
  d.y = Eigen::VectorXf::Zero(6);
  d.categories = {{}, {"a", "b", "c", "d"}};
  return d;
}

bool same(float a, float b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

TEST(CategoryCodes, CodesComeFromTheTrainingRowsOnly) {
  const Dataset d = table();
  // Training rows hold a, b, d (not c): codes a=0, b=1, d=2.
  const CategoryCodes codes(d, {0, 1, 2, 3});
  EXPECT_EQ(codes.count(0), 0u);
  EXPECT_EQ(codes.count(1), 3u);
  EXPECT_TRUE(codes.seen(1, 3));
  EXPECT_FALSE(codes.seen(1, 2));
  const Dataset::Matrix validation = codes.encode(d, {4, 5, 2});
  // c is unseen in training: missing, like the missing cell of row 5.
  EXPECT_TRUE(std::isnan(validation(0, 1)));
  EXPECT_TRUE(std::isnan(validation(1, 1)));
  EXPECT_EQ(validation(2, 1), 2.0f);
  EXPECT_EQ(validation.col(0), (Eigen::VectorXf(3) << 4.5f, 5.5f, 2.5f).finished());
  const Dataset::Matrix train = codes.encode(d, {0, 1, 2, 3});
  const float expected[] = {0, 1, 2, 1};
  for (int r = 0; r < 4; ++r) EXPECT_TRUE(same(train(r, 1), expected[r])) << r;
}

TEST(CategoryCodes, SameRowsGiveTheSameCodesWhateverTheirOrder) {
  const Dataset d = table();
  const CategoryCodes a(d, {3, 0, 4});
  const CategoryCodes b(d, {4, 3, 0, 0});
  const Dataset::Matrix x = a.encode(d, {0, 1, 2, 3, 4, 5});
  const Dataset::Matrix y = b.encode(d, {0, 1, 2, 3, 4, 5});
  for (int r = 0; r < 6; ++r) EXPECT_TRUE(same(x(r, 1), y(r, 1))) << r;
  EXPECT_EQ(x(4, 1), 2.0f);  // c is the third of a, b, c
}

TEST(CategoryCodes, NumericDataPassesThrough) {
  Dataset d;
  d.X.resize(2, 2);
  d.X << 1, 2, 3, kMissing;
  const CategoryCodes codes(d, {0});
  const Dataset::Matrix x = codes.encode(d, {1, 0});
  EXPECT_EQ(x(0, 0), 3.0f);
  EXPECT_TRUE(std::isnan(x(0, 1)));
  EXPECT_EQ(x(1, 1), 2.0f);
  EXPECT_THROW(codes.encode(d, {2}), std::invalid_argument);
}

TEST(CategoryCodes, CategoriesInRowsAndTheirDescription) {
  const Dataset d = table();
  EXPECT_EQ(categories_in_rows(d, 1, {2, 0, 5}), (std::vector<std::string>{"a", "d"}));
  EXPECT_TRUE(categories_in_rows(d, 0, {0, 1}).empty());
  EXPECT_EQ(describe_categories("letter", {"a", "d"}),
            "categorical column 'letter': 2 categories: 'a', 'd'");
  EXPECT_EQ(describe_categories("c", {"1", "2", "3", "4", "5", "6", "7"}),
            "categorical column 'c': 7 categories: '1', '2', '3', '4', '5', ... and 2 more");
  EXPECT_EQ(describe_categories("one", {"x"}), "categorical column 'one': 1 category: 'x'");
}

}  // namespace
}  // namespace fermata
