#include <fermata/core/rng.hpp>

#include <gtest/gtest.h>

namespace fermata {
namespace {

TEST(DeriveSeed, IsDeterministicAndSeparatesStreams) {
  EXPECT_EQ(derive_seed(1, {kStreamFolds}), derive_seed(1, {kStreamFolds}));
  EXPECT_NE(derive_seed(1, {kStreamFolds}), derive_seed(2, {kStreamFolds}));
  EXPECT_NE(derive_seed(1, {kStreamFolds}), derive_seed(1, {kStreamTestSplit}));
  EXPECT_NE(derive_seed(1, {kStreamNoise, 3, 4}), derive_seed(1, {kStreamNoise, 4, 3}));
}

}  // namespace
}  // namespace fermata
