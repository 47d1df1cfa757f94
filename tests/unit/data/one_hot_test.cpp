// One-hot encoding of a split's coded rows, as the MLP takes them.
#include <fermata/data/one_hot.hpp>

#include <limits>
#include <stdexcept>

#include <gtest/gtest.h>

namespace fermata {
namespace {

constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();

TEST(OneHot, ExpandsEachCategoricalInPlaceFromTheTrainingCategories) {
  Dataset d;
  d.feature_names = {"kind", "x", "size"};
  d.X.resize(5, 3);
  d.X << 0, 1.0f, 1,      //
      2, 2.0f, 0,         //
      1, 3.0f, 1,         //
      2, 4.0f, kMissing,  //
      1, 5.0f, 0;
  d.y = Eigen::VectorXf::Zero(5);
  d.categories = {{"a", "b", "c"}, {}, {"L", "S"}};
  // Training rows 0, 1, 3: kind a, c (b unseen); size L, S.
  const CategoryCodes codes(d, {0, 1, 3});
  EXPECT_EQ(one_hot_width(d, codes), 2u + 1u + 2u);
  const Dataset::Matrix x = one_hot(d, codes, codes.encode(d, {0, 2, 3, 4}));
  Dataset::Matrix expected(4, 5);
  expected << 1, 0, 1.0f, 0, 1,  // a, 1, S
      0, 0, 3.0f, 0, 1,          // b unseen: all zero; S
      0, 1, 4.0f, 0, 0,          // c; missing size: all zero
      0, 0, 5.0f, 1, 0;          // b unseen; L
  EXPECT_EQ(x, expected);
}

TEST(OneHot, NumericDataIsCopied) {
  Dataset d;
  d.X.resize(2, 2);
  d.X << 1, 2, 3, 4;
  const CategoryCodes codes(d, {0, 1});
  EXPECT_EQ(one_hot(d, codes, d.X), d.X);
  EXPECT_THROW(one_hot(d, codes, Dataset::Matrix(2, 3)), std::invalid_argument);
}

}  // namespace
}  // namespace fermata
