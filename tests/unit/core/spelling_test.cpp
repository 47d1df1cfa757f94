// Key suggestions for misspelt names: the edit distance and "did you mean".
#include <gtest/gtest.h>

#include <fermata/core/spelling.hpp>

namespace fermata {
namespace {

TEST(Spelling, EditDistanceCountsSwapsAsOne) {
  EXPECT_EQ(edit_distance("max_trial", "max_trials"), 1u);
  EXPECT_EQ(edit_distance("max_trails", "max_trials"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(Spelling, SuggestsOnlyWithinTwoEdits) {
  EXPECT_EQ(did_you_mean("seeed", {"name", "seed"}), "; did you mean 'seed'?");
  EXPECT_EQ(did_you_mean("folds", {"path", "task"}), "");
  EXPECT_EQ(did_you_mean("max_tr", {"max_trials"}), "");
}

}  // namespace
}  // namespace fermata
