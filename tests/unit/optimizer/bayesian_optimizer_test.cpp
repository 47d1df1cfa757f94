#include <fermata/optimizer/bayesian_optimizer.hpp>

#include <chrono>
#include <cmath>
#include <thread>

#include <gtest/gtest.h>

namespace fermata {
namespace {

Space mixed_space() {
  return Space({{"x", ParamKind::kFloat, 0, 1, false, {}},
                {"y", ParamKind::kFloat, 1e-3, 1, true, {}},
                {"n", ParamKind::kInt, 1, 10, false, {}},
                {"kind", ParamKind::kCategorical, 0, 0, false, {"a", "b", "c"}}});
}

double objective(const Config& c) {
  return std::pow(c[0] - 0.3, 2) + std::pow(std::log10(c[1]) + 1.5, 2) / 4 +
         0.01 * std::pow(c[2] - 6, 2) + (c[3] == 1 ? 0.0 : 0.2);
}

OptimizerSettings bo_settings() {
  OptimizerSettings s;
  s.kind = "bo";
  s.initial_trials = 10;
  return s;
}

TEST(BayesianOptimizer, EightPendingSuggestionsAreDistinctAndSpreadOut) {
  const Space space = mixed_space();
  BayesianOptimizer bo(space, bo_settings(), 11);
  for (int i = 0; i < 15; ++i) {
    const Config c = bo.ask({});
    bo.tell({c, objective(c)});
  }
  std::vector<Config> pending;
  for (int i = 0; i < 8; ++i) pending.push_back(bo.ask(pending));
  std::vector<Config> fresh;
  std::vector<Config> all = pending;
  for (int i = 0; i < 8; ++i) {
    const Config c = bo.ask(all);
    fresh.push_back(c);
    all.push_back(c);
  }
  for (std::size_t i = 0; i < all.size(); ++i) {
    for (std::size_t j = i + 1; j < all.size(); ++j) {
      EXPECT_NE(all[i], all[j]);
      EXPECT_GE((space.encode(all[i]) - space.encode(all[j])).norm(), 0.02) << i << " " << j;
    }
  }
}

TEST(BayesianOptimizer, ABatchIsDistinctAndSpreadOutFromItselfAndFromPendingOnes) {
  const Space space = mixed_space();
  BayesianOptimizer bo(space, bo_settings(), 11);
  for (int i = 0; i < 15; ++i) {
    const Config c = bo.ask({});
    bo.tell({c, objective(c)});
  }
  std::vector<Config> all;
  for (int i = 0; i < 4; ++i) all.push_back(bo.ask(all));
  const std::vector<Config> batch = bo.ask_batch(all, 16);
  ASSERT_EQ(batch.size(), 16u);
  all.insert(all.end(), batch.begin(), batch.end());
  for (std::size_t i = 0; i < all.size(); ++i) {
    for (std::size_t j = i + 1; j < all.size(); ++j) {
      EXPECT_NE(all[i], all[j]);
      EXPECT_GE((space.encode(all[i]) - space.encode(all[j])).norm(), 0.02) << i << " " << j;
    }
  }
}

TEST(BayesianOptimizer, ABatchTakesTheSobolDesignUntilTwoObservationsExist) {
  const Space space = mixed_space();
  BayesianOptimizer bo(space, bo_settings(), 3);
  EXPECT_EQ(bo.ask_batch({}, 12).size(), 12u);
  EXPECT_EQ(bo.state().scalars.at("sobol_index"), 12.0);
  EXPECT_EQ(bo.model(), nullptr);
}

TEST(BayesianOptimizer, UsesTheSobolDesignForTheInitialTrialsIncludingPendingOnes) {
  const Space space = mixed_space();
  BayesianOptimizer bo(space, bo_settings(), 3);
  std::vector<Config> pending;
  for (int i = 0; i < 10; ++i) pending.push_back(bo.ask(pending));
  EXPECT_EQ(bo.state().scalars.at("sobol_index"), 10.0);
  EXPECT_EQ(bo.model(), nullptr);
}

TEST(BayesianOptimizer, FindsABetterPointThanItsInitialDesign) {
  const Space space = mixed_space();
  BayesianOptimizer bo(space, bo_settings(), 5);
  double best_initial = INFINITY, best = INFINITY;
  for (int i = 0; i < 40; ++i) {
    const Config c = bo.ask({});
    const double v = objective(c);
    bo.tell({c, v});
    if (i < 10) best_initial = std::min(best_initial, v);
    best = std::min(best, v);
  }
  EXPECT_LT(best, best_initial);
  EXPECT_LT(best, 0.02);
  EXPECT_GE(bo.refits(), 1);
}

TEST(BayesianOptimizer, SaveThenRestoreGivesTheSameNextSuggestion) {
  const Space space = mixed_space();
  BayesianOptimizer a(space, bo_settings(), 9);
  std::vector<Observation> observed;
  for (int i = 0; i < 14; ++i) {
    const Config c = a.ask({});
    observed.push_back({c, objective(c)});
    a.tell(observed.back());
  }
  a.model();  // bring the GP up to date, as the coordinator's next ask would
  const OptimizerState saved = a.state();
  const Config next = a.ask({});

  BayesianOptimizer b(space, bo_settings(), 9);
  b.restore(saved, observed);
  EXPECT_EQ(b.ask({}), next);
  EXPECT_EQ(saved.kind, "bo");
  EXPECT_EQ(saved.vectors.at("gp_theta").size(), space.encoded_dim() + 2);
}

TEST(BayesianOptimizer, WithConcurrencyARefitRunsInTheBackgroundAndALaterAskAdoptsIt) {
  const Space space = mixed_space();
  BayesianOptimizer bo(space, bo_settings(), 11);
  bo.allow_concurrency(2);
  for (int i = 0; i < 60; ++i) {
    const Config c = bo.ask({});
    bo.tell({c, objective(c)});
  }
  const std::int64_t before = bo.refits();
  // 60 → 140 observations: the schedule wants a refit, which now starts on its own thread
  // while this ask is answered from the model it had, grown by the new observations.
  for (int i = 0; i < 80; ++i) {
    const Config c = bo.ask({});
    bo.tell({c, objective(c)});
  }
  ASSERT_NE(bo.model(), nullptr);
  EXPECT_EQ(bo.model()->size(), 140);
  // The refit finishes (a fit on 140 points takes well under a second) and a later ask
  // adopts it; the model then still holds every observation.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (bo.refits() <= before && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    bo.ask({});
  }
  EXPECT_GT(bo.refits(), before);
  EXPECT_EQ(bo.model()->size(), 140);
}

}  // namespace
}  // namespace fermata
