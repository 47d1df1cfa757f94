#include <fermata/space/space.hpp>

#include <cmath>

#include <gtest/gtest.h>

namespace fermata {
namespace {

Space mixed_space() {
  return Space({{"lr", ParamKind::kFloat, 1e-4, 1.0, true, {}},
                {"depth", ParamKind::kInt, 1, 8, false, {}},
                {"booster", ParamKind::kCategorical, 0, 0, false, {"gbtree", "dart", "linear"}},
                {"subsample", ParamKind::kFloat, 0.5, 1.0, false, {}}});
}

TEST(Space, EncodesFloatsAndIntsToTheUnitIntervalAndCategoricalsOneHot) {
  const Space space = mixed_space();
  EXPECT_EQ(space.size(), 4u);
  EXPECT_EQ(space.encoded_dim(), 6u);
  const Eigen::VectorXd u = space.encode({1e-2, 8, 1, 0.75});
  EXPECT_NEAR(u[0], 0.5, 1e-12);  // log scale: 1e-2 is halfway between 1e-4 and 1
  EXPECT_NEAR(u[1], 1.0, 1e-12);
  EXPECT_EQ(u[2], 0.0);
  EXPECT_EQ(u[3], 1.0);
  EXPECT_EQ(u[4], 0.0);
  EXPECT_NEAR(u[5], 0.5, 1e-12);
}

TEST(Space, DecodeInvertsEncodeAndSnapsToValidConfigurations) {
  const Space space = mixed_space();
  const Config config{3e-3, 5, 2, 0.9};
  const Config back = space.decode(space.encode(config));
  EXPECT_NEAR(back[0], config[0], 1e-12);
  EXPECT_EQ(back[1], 5);
  EXPECT_EQ(back[2], 2);
  EXPECT_NEAR(back[3], 0.9, 1e-12);

  Eigen::VectorXd u(6);
  u << 1.3, 0.52, 0.2, 0.7, 0.4, -0.1;  // out of range, between integers, fuzzy one-hot
  const Config snapped = space.decode(u);
  EXPECT_DOUBLE_EQ(snapped[0], 1.0);
  EXPECT_EQ(snapped[1], std::round(1 + 0.52 * 7));
  EXPECT_EQ(snapped[2], 1);
  EXPECT_DOUBLE_EQ(snapped[3], 0.5);
}

TEST(Space, FromUniformReachesEveryIntegerAndChoice) {
  const Space space = mixed_space();
  std::vector<int> depth_seen(9, 0), choice_seen(3, 0);
  for (int i = 0; i < 1000; ++i) {
    Eigen::VectorXd u = Eigen::VectorXd::Constant(4, (i + 0.5) / 1000.0);
    const Config c = space.from_uniform(u);
    depth_seen[static_cast<std::size_t>(c[1])]++;
    choice_seen[static_cast<std::size_t>(c[2])]++;
    EXPECT_GE(c[0], 1e-4);
    EXPECT_LE(c[0], 1.0);
  }
  for (int d = 1; d <= 8; ++d) EXPECT_GT(depth_seen[static_cast<std::size_t>(d)], 90) << d;
  for (int c = 0; c < 3; ++c) EXPECT_GT(choice_seen[static_cast<std::size_t>(c)], 300) << c;
}

TEST(Space, RejectsInvalidParameters) {
  EXPECT_THROW(Space({{"a", ParamKind::kFloat, 2, 1, false, {}}}), std::invalid_argument);
  EXPECT_THROW(Space({{"a", ParamKind::kFloat, 0, 1, true, {}}}), std::invalid_argument);
  EXPECT_THROW(Space({{"a", ParamKind::kInt, 0.5, 3, false, {}}}), std::invalid_argument);
  EXPECT_THROW(Space({{"a", ParamKind::kCategorical, 0, 0, false, {}}}), std::invalid_argument);
  EXPECT_THROW(
      Space({{"a", ParamKind::kFloat, 0, 1, false, {}}, {"a", ParamKind::kFloat, 0, 1, false, {}}}),
      std::invalid_argument);
}

TEST(Space, FormatsValuesInTheirNaturalForm) {
  const Space space = mixed_space();
  EXPECT_EQ(space.format_value(1, 7.0), "7");
  EXPECT_EQ(space.format_value(2, 1.0), "dart");
  EXPECT_EQ(space.format_value(0, 0.001), "0.001");
}

}  // namespace
}  // namespace fermata
