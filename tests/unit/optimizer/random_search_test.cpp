#include <fermata/optimizer/random_search.hpp>

#include <gtest/gtest.h>

namespace fermata {
namespace {

Space small_space() {
  return Space(
      {{"x", ParamKind::kFloat, -5, 10, false, {}}, {"n", ParamKind::kInt, 1, 4, false, {}}});
}

TEST(RandomSearch, SaveThenRestoreContinuesTheSameSequence) {
  RandomSearch a(small_space(), 3);
  for (int i = 0; i < 5; ++i) a.ask({});
  const OptimizerState saved = a.state();
  const Config next = a.ask({});

  RandomSearch b(small_space(), 3);
  b.restore(saved, {});
  EXPECT_EQ(b.ask({}), next);
  EXPECT_EQ(saved.kind, "random");
}

TEST(RandomSearch, DifferentSeedsGiveDifferentSuggestions) {
  RandomSearch a(small_space(), 1), b(small_space(), 2);
  EXPECT_NE(a.ask({}), b.ask({}));
}

TEST(RandomSearch, AvoidsPendingConfigurations) {
  const Space space({{"n", ParamKind::kInt, 1, 3, false, {}}});
  RandomSearch a(space, 5);
  std::vector<Config> pending;
  for (int i = 0; i < 3; ++i) pending.push_back(a.ask(pending));
  std::sort(pending.begin(), pending.end());
  EXPECT_EQ(pending, (std::vector<Config>{{1}, {2}, {3}}));
}

}  // namespace
}  // namespace fermata
