// fermata's default criterion: with the paper's settings it is the paper's criterion, and each
// of its own options moves the bound or the decision the way it says.
#include <cmath>

#include <gtest/gtest.h>

#include <fermata/stopping/criterion.hpp>

namespace fermata {
namespace {

const Space kPlane({Parameter{"x", ParamKind::kFloat, 0.0, 1.0, false, {}},
                    Parameter{"y", ParamKind::kFloat, 0.0, 1.0, false, {}}});

/// A noisy bowl over the plane, sampled on a scrambled grid, 4 folds per trial.
std::vector<Trial> bowl(int n) {
  std::vector<Trial> out;
  for (int i = 0; i < n; ++i) {
    const double x = std::fmod(0.618034 * (i + 1), 1.0);
    const double y = std::fmod(0.754878 * (i + 1), 1.0);
    const double v = (x - 0.3) * (x - 0.3) + (y - 0.7) * (y - 0.7);
    Trial t = Trial::make(i, {x, y}, 4);
    const double wobble = 0.01 * std::sin(7.0 * i);
    t.fold_error = {v - 0.02 + wobble, v + 0.02 - wobble, v - 0.01, v + 0.01};
    t.state = TrialState::kComplete;
    t.value = v;
    out.push_back(t);
  }
  return out;
}

std::vector<const Trial*> prefix(const std::vector<Trial>& trials, std::size_t n) {
  std::vector<const Trial*> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(&trials[i]);
  return out;
}

double value_of(const StoppingDecision& d, const std::string& name) {
  for (const auto& [key, value] : d.values) {
    if (key == name) return value;
  }
  ADD_FAILURE() << "no value " << name;
  return kNaN;
}

const StoppingContext kContext{kPlane, 4, kNaN, 42};

TEST(RobustRegretBound, WithThePapersSettingsItIsThePapersCriterion) {
  const std::vector<Trial> trials = bowl(30);
  StoppingSettings s;
  s.set("min_trials", 5);
  const auto paper = make_criterion("regret-bound", s, 4);
  const auto robust = make_criterion(
      "robust-regret-bound(floor_per_dim=0,support=1,samples=1,consecutive=1)", s, 4);
  for (std::size_t n : {6u, 15u, 30u}) {
    const StoppingDecision a = paper->evaluate(prefix(trials, n), kContext);
    const StoppingDecision b = robust->evaluate(prefix(trials, n), kContext);
    for (const char* name :
         {"regret_bound", "statistical_error", "beta", "ucb_min", "lcb_min", "top_size"}) {
      EXPECT_EQ(value_of(a, name), value_of(b, name)) << name << " at n = " << n;
    }
    EXPECT_EQ(a.stop, b.stop) << n;
  }
}

TEST(RobustRegretBound, TheTopSetFloorGrowsWithTheDimension) {
  const std::vector<Trial> trials = bowl(40);
  const auto criterion = make_criterion("robust-regret-bound(floor_per_dim=15)", {}, 4);
  // max(20, 15 · 2) = 30 of 40 trials, where the paper keeps max(20, 40 / 2) = 20.
  EXPECT_EQ(value_of(criterion->evaluate(prefix(trials, 40), kContext), "top_size"), 30.0);
}

TEST(RobustRegretBound, SearchingOnlyWhereTheGpHasSupportNeverLowersTheLcbMinimum) {
  const std::vector<Trial> trials = bowl(25);
  const auto whole = make_criterion("robust-regret-bound(support=1,consecutive=1)", {}, 4);
  const auto near = make_criterion("robust-regret-bound(support=0.3,consecutive=1)", {}, 4);
  const StoppingDecision a = whole->evaluate(prefix(trials, 25), kContext);
  const StoppingDecision b = near->evaluate(prefix(trials, 25), kContext);
  EXPECT_GE(value_of(b, "lcb_min"), value_of(a, "lcb_min"));
  EXPECT_LE(value_of(b, "regret_bound"), value_of(a, "regret_bound"));
  EXPECT_EQ(value_of(a, "ucb_min"), value_of(b, "ucb_min"));
}

TEST(RobustRegretBound, StopsOnlyAfterTheBoundHeldOnConsecutiveTrials) {
  const std::vector<Trial> trials = bowl(40);
  StoppingSettings s;
  s.set("min_trials", 2);
  s.set("error_scale", 1e6);  // ε so large that r̄ < ε from the first prefix on
  const auto once = make_criterion("robust-regret-bound(consecutive=1)", s, 4);
  const auto thrice = make_criterion("robust-regret-bound(consecutive=3)", s, 4);
  EXPECT_TRUE(once->evaluate(prefix(trials, 2), kContext).stop);
  // Prefix 1 has no bound (one point), so the streak at n = 2 and 3 is short of 3.
  EXPECT_FALSE(thrice->evaluate(prefix(trials, 3), kContext).stop);
  const StoppingDecision d = thrice->evaluate(prefix(trials, 4), kContext);
  EXPECT_TRUE(d.stop);
  EXPECT_EQ(value_of(d, "streak"), 3.0);
  EXPECT_NE(d.reason.find("3 of 3 trials in a row"), std::string::npos) << d.reason;
}

TEST(RobustRegretBound, HyperparameterDrawsAreDeterministicAndChangeTheBound) {
  const std::vector<Trial> trials = bowl(25);
  const std::string spec = "robust-regret-bound(samples=4,consecutive=1)";
  const StoppingDecision a = make_criterion(spec, {}, 4)->evaluate(prefix(trials, 25), kContext);
  const StoppingDecision b = make_criterion(spec, {}, 4)->evaluate(prefix(trials, 25), kContext);
  const StoppingDecision map = make_criterion("robust-regret-bound(consecutive=1)", {}, 4)
                                   ->evaluate(prefix(trials, 25), kContext);
  EXPECT_EQ(value_of(a, "regret_bound"), value_of(b, "regret_bound"));
  EXPECT_TRUE(std::isfinite(value_of(a, "regret_bound")));
  EXPECT_NE(value_of(a, "regret_bound"), value_of(map, "regret_bound"));
}

}  // namespace
}  // namespace fermata
