#include <fermata/space/sobol.hpp>

#include <gtest/gtest.h>

namespace fermata {
namespace {

TEST(SobolSequence, ResumesFromItsIndexWithTheSamePoints) {
  SobolSequence a(5, 42);
  const Eigen::MatrixXd first = a.next(10);
  SobolSequence b(5, 42, 7);
  EXPECT_TRUE(b.next().isApprox(first.row(7).transpose(), 0.0));
  EXPECT_EQ(a.index(), 10u);
}

TEST(SobolSequence, EachPointEqualsTheSequenceStartedAtItsIndex) {
  // The sequence keeps one engine and draws from it; started anew at an index, it jumps
  // there. Both must give the same points, bit for bit (the origin at index 0 included).
  SobolSequence sequential(9, 5);
  for (std::uint64_t i = 0; i < 40; ++i) {
    const Eigen::VectorXd point = sequential.next();
    SobolSequence started(9, 5, i);
    EXPECT_EQ(started.next(), point) << "index " << i;
  }
}

TEST(SobolSequence, ACopyContinuesFromWhereTheOriginalWas) {
  SobolSequence a(4, 3);
  a.next(5);
  SobolSequence b = a;
  const Eigen::MatrixXd from_a = a.next(3);
  EXPECT_EQ(b.next(3), from_a);
  SobolSequence c(4, 99);
  c = b;
  EXPECT_EQ(c.index(), b.index());
  EXPECT_EQ(c.next(), b.next());
}

TEST(SobolSequence, SeedsShiftTheDesign) {
  SobolSequence a(3, 1), b(3, 2);
  EXPECT_FALSE(a.next().isApprox(b.next()));
}

TEST(SobolSequence, FillsTheCubeEvenly) {
  // 256 points of a (shifted) Sobol sequence put exactly 64 points in each quarter of an axis.
  SobolSequence s(4, 9);
  const Eigen::MatrixXd pts = s.next(256);
  for (Eigen::Index d = 0; d < 4; ++d) {
    int counts[4] = {0, 0, 0, 0};
    for (Eigen::Index r = 0; r < pts.rows(); ++r) {
      ASSERT_GE(pts(r, d), 0.0);
      ASSERT_LT(pts(r, d), 1.0);
      counts[static_cast<int>(pts(r, d) * 4)]++;
    }
    for (int q = 0; q < 4; ++q) EXPECT_EQ(counts[q], 64) << "dim " << d;
  }
}

}  // namespace
}  // namespace fermata
