#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include <gtest/gtest.h>

#include <fermata/stopping/criterion.hpp>
#include <fermata/stopping/statistical_error.hpp>

#include "stopping/emmr.hpp"

namespace fermata {
namespace {

/// Complete trials with the given configurations, values and (optional) fold errors.
struct History {
  std::vector<Trial> trials;

  void add(Config params, double value, std::vector<double> folds = {}) {
    Trial t = Trial::make(static_cast<std::int64_t>(trials.size()), std::move(params),
                          folds.empty() ? 2 : static_cast<int>(folds.size()));
    t.fold_error = folds.empty() ? std::vector<double>{value, value} : folds;
    t.state = TrialState::kComplete;
    t.value = value;
    trials.push_back(t);
  }
  std::vector<const Trial*> prefix(std::size_t n) const {
    std::vector<const Trial*> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(&trials[i]);
    return out;
  }
  std::vector<const Trial*> all() const { return prefix(trials.size()); }
};

double value_of(const StoppingDecision& d, const std::string& name) {
  for (const auto& [key, value] : d.values) {
    if (key == name) return value;
  }
  ADD_FAILURE() << "no value " << name;
  return kNaN;
}

std::vector<std::string> names_of(const StoppingDecision& d) {
  std::vector<std::string> out;
  for (const auto& [key, value] : d.values) out.push_back(key);
  return out;
}

StoppingContext context_for(const Space& space, int folds = 2) {
  return StoppingContext{space, folds, kNaN, 42};
}

const Space kLine({Parameter{"x", ParamKind::kFloat, 0.0, 1.0, false, {}}});
const Space kPlane({Parameter{"x", ParamKind::kFloat, 0.0, 1.0, false, {}},
                    Parameter{"y", ParamKind::kFloat, 0.0, 1.0, false, {}}});

TEST(PatienceCriterion, CountsTrialsSinceTheIncumbentWithTiesKeepingTheOlder) {
  History h;
  for (double v : {5.0, 4.0, 4.0, 6.0, 3.0, 7.0, 8.0, 9.0}) h.add({v / 10.0}, v);
  StoppingSettings s;
  s.set("min_trials", 1);
  const auto patience = make_criterion("patience(patience=3)", s, 2);
  const StoppingContext context = context_for(kLine);
  // First four: 5, 4, 4, 6 — the incumbent is the first 4 (trial 1), the tie does not move it.
  StoppingDecision d = patience->evaluate(h.prefix(4), context);
  EXPECT_EQ(names_of(d), (std::vector<std::string>{"n_trials", "trials_since_improvement"}));
  EXPECT_EQ(value_of(d, "trials_since_improvement"), 2.0);
  EXPECT_FALSE(d.stop);
  // Trial 4 (value 3) improves; after trials 5 and 6 it is 2 old, after 7 it is 3: stop.
  EXPECT_EQ(value_of(patience->evaluate(h.prefix(5), context), "trials_since_improvement"), 0.0);
  EXPECT_FALSE(patience->evaluate(h.prefix(7), context).stop);
  d = patience->evaluate(h.prefix(8), context);
  EXPECT_EQ(value_of(d, "trials_since_improvement"), 3.0);
  EXPECT_TRUE(d.stop);
  EXPECT_NE(d.reason.find("patience 3"), std::string::npos) << d.reason;
}

TEST(PatienceCriterion, NeverStopsBelowMinTrials) {
  History h;
  for (int i = 0; i < 6; ++i) h.add({0.1 * i}, 1.0 + i);
  StoppingSettings s;
  s.set("min_trials", 10);
  const auto patience = make_criterion("patience(patience=2)", s, 2);
  const StoppingDecision d = patience->evaluate(h.all(), context_for(kLine));
  EXPECT_EQ(value_of(d, "trials_since_improvement"), 5.0);  // computed anyway
  EXPECT_FALSE(d.stop);
  EXPECT_EQ(d.reason.rfind("fewer than min_trials", 0), 0u) << d.reason;
}

/// A run that has converged on f(x) = (x − 0.3)²: an 11-point grid, then 29 points closing in
/// on the minimum at 0.3, noise-free.
History converged_history() {
  History h;
  for (int i = 0; i <= 10; ++i) h.add({i / 10.0}, (i / 10.0 - 0.3) * (i / 10.0 - 0.3));
  for (int i = 0; i < 29; ++i) {
    const double x = 0.3 + (i % 2 == 0 ? 1.0 : -1.0) * 0.05 / (1.0 + i);
    h.add({x}, (x - 0.3) * (x - 0.3));
  }
  return h;
}

/// Five scattered evaluations of a function with a deep, unexplored minimum.
History fresh_history() {
  History h;
  for (double x : {0.05, 0.25, 0.5, 0.75, 0.95}) h.add({x}, std::sin(6.0 * x) + 0.5 * x);
  return h;
}

TEST(EiThresholdCriterion, FiresOnAConvergedHistoryAndNotOnAFreshOne) {
  StoppingSettings s;
  s.set("min_trials", 1);
  const auto ei = make_criterion("ei-threshold", s, 2);
  const StoppingContext context = context_for(kLine);
  const StoppingDecision fresh = ei->evaluate(fresh_history().all(), context);
  EXPECT_EQ(names_of(fresh),
            (std::vector<std::string>{"n_trials", "expected_improvement", "threshold"}));
  EXPECT_GT(value_of(fresh, "expected_improvement"), 1e-2);
  EXPECT_FALSE(fresh.stop);
  const StoppingDecision converged = ei->evaluate(converged_history().all(), context);
  EXPECT_LT(value_of(converged, "expected_improvement"), s.number("ei_threshold"));
  EXPECT_GE(value_of(converged, "expected_improvement"), 0.0);
  EXPECT_TRUE(converged.stop) << converged.reason;
}

TEST(PiThresholdCriterion, FiresOnAConvergedHistoryAndNotOnAFreshOne) {
  StoppingSettings s;
  s.set("min_trials", 1);
  const auto pi = make_criterion("pi-threshold", s, 2);
  const StoppingContext context = context_for(kLine);
  const StoppingDecision fresh = pi->evaluate(fresh_history().all(), context);
  EXPECT_GT(value_of(fresh, "probability_of_improvement"), 0.1);
  EXPECT_FALSE(fresh.stop);
  const StoppingDecision converged = pi->evaluate(converged_history().all(), context);
  EXPECT_LT(value_of(converged, "probability_of_improvement"), s.number("pi_threshold"));
  EXPECT_TRUE(converged.stop) << converged.reason;
}

TEST(RegretBoundCriterion, ReportsItsValuesAndComparesWithTheIncumbentsStatisticalError) {
  History h;
  for (int i = 0; i < 8; ++i) {
    const double x = (i + 0.5) / 8.0;
    const double v = (x - 0.6) * (x - 0.6);
    h.add({x}, v, {v - 0.01, v + 0.01, v - 0.02, v + 0.02});
  }
  StoppingSettings s;
  s.set("min_trials", 5);
  const auto criterion = make_criterion("regret-bound", s, 4);
  const StoppingDecision d = criterion->evaluate(h.all(), context_for(kLine, 4));
  EXPECT_EQ(names_of(d), (std::vector<std::string>{"n_trials", "regret_bound", "statistical_error",
                                                   "beta", "ucb_min", "lcb_min", "top_size"}));
  // The incumbent is trial 4 (x = 0.5625); its folds differ from their mean by ±0.01, ±0.02:
  // s² = (2·1e-4 + 2·4e-4)/4 = 2.5e-4, ε = sqrt((1/4 + 1/3)·2.5e-4).
  EXPECT_NEAR(value_of(d, "statistical_error"), std::sqrt((0.25 + 1.0 / 3.0) * 2.5e-4), 1e-12);
  EXPECT_NEAR(value_of(d, "beta"), regret_bound_beta(1, 8, 0.1), 1e-12);
  EXPECT_EQ(value_of(d, "top_size"), 8.0);
  EXPECT_EQ(d.stop, value_of(d, "regret_bound") < value_of(d, "statistical_error"));
  EXPECT_NE(d.reason.find("after 8 trials"), std::string::npos) << d.reason;
}

TEST(StaticCriterion, StopsWhenTheRegretBoundFallsBelowItsThreshold) {
  History h;
  for (int i = 0; i < 10; ++i) h.add({i / 9.0}, std::cos(3.0 * i / 9.0));
  StoppingSettings s;
  s.set("min_trials", 1);
  const StoppingContext context = context_for(kLine, 1);
  const StoppingDecision loose =
      make_criterion("static(threshold=1e6)", s, 1)->evaluate(h.all(), context);
  const StoppingDecision tight =
      make_criterion("static(threshold=1e-12)", s, 1)->evaluate(h.all(), context);
  EXPECT_EQ(names_of(loose),
            (std::vector<std::string>{"n_trials", "regret_bound", "threshold", "beta"}));
  EXPECT_TRUE(loose.stop);
  EXPECT_FALSE(tight.stop);
  EXPECT_EQ(value_of(loose, "regret_bound"), value_of(tight, "regret_bound"));
}

TEST(EmmrCriterion, DecreasesAsDataAccumulateOnASmoothFunction) {
  // A 2-D Sobol-like design (the R2 sequence) on a smooth bowl: the EMMR of the last trial
  // averages over five consecutive prefixes early and late.
  History h;
  for (int i = 0; i < 45; ++i) {
    const double x = std::fmod(0.5 + 0.7548776662 * i, 1.0);
    const double y = std::fmod(0.5 + 0.5698402910 * i, 1.0);
    h.add({x, y}, (x - 0.3) * (x - 0.3) + 0.5 * (y - 0.6) * (y - 0.6));
  }
  StoppingSettings s;
  s.set("emmr_threshold", 1e-9);
  const auto emmr = make_criterion("emmr", s, 2);
  const StoppingContext context = context_for(kPlane);
  auto mean_emmr = [&](std::size_t from, std::size_t to) {
    double sum = 0.0;
    for (std::size_t n = from; n < to; ++n)
      sum += value_of(emmr->evaluate(h.prefix(n), context), "emmr");
    return sum / static_cast<double>(to - from);
  };
  const double early = mean_emmr(5, 10);
  const double late = mean_emmr(40, 45);
  EXPECT_GT(early, 0.0);
  EXPECT_LT(late, 0.5 * early) << "early " << early << ", late " << late;
  const StoppingDecision d = emmr->evaluate(h.all(), context);
  EXPECT_EQ(names_of(d), (std::vector<std::string>{"n_trials", "emmr", "threshold", "mean_shift",
                                                   "expected_shift", "kappa", "kl_divergence"}));
  // EMMR = E + κ·sqrt(KL/2).
  EXPECT_NEAR(value_of(d, "emmr"),
              value_of(d, "expected_shift") +
                  value_of(d, "kappa") * std::sqrt(value_of(d, "kl_divergence") / 2.0),
              1e-12);
}

TEST(EmmrCriterion, DefaultThresholdIsOnePercentOfTheMedianAfterWarmUp) {
  History h;
  for (int i = 0; i < 31; ++i) {
    const double x = std::fmod(0.5 + 0.6180339887 * i, 1.0);
    h.add({x}, std::sin(5.0 * x) + x);
  }
  const StoppingSettings s;  // emmr_threshold = 0: Optuna's median rule
  const auto emmr = make_criterion("emmr", s, 2);
  const StoppingContext context = context_for(kLine);
  EXPECT_TRUE(std::isnan(value_of(emmr->evaluate(h.prefix(29), context), "threshold")));

  // The rule written out: EMMR of trials[10 : 10 + i] for i = 2..20 (i = 1 counts as +∞),
  // sorted, the 11th of 20, times 0.01.
  std::vector<double> reference = {std::numeric_limits<double>::infinity()};
  for (int i = 2; i <= 20; ++i) {
    Eigen::MatrixXd x(i, 1);
    Eigen::VectorXd y(i);
    for (int j = 0; j < i; ++j) {
      x(j, 0) = h.trials[static_cast<std::size_t>(10 + j)].params[0];
      y[j] = h.trials[static_cast<std::size_t>(10 + j)].value;
    }
    reference.push_back(stopping_detail::compute_emmr(x, y, kLine, 0.1, context.seed).emmr);
  }
  std::sort(reference.begin(), reference.end());
  const double expected = 0.01 * reference[10];
  EXPECT_EQ(value_of(emmr->evaluate(h.prefix(30), context), "threshold"), expected);
  EXPECT_EQ(value_of(emmr->evaluate(h.prefix(31), context), "threshold"), expected);
}

TEST(Criteria, EvaluatingTheSamePrefixTwiceGivesIdenticalValues) {
  History h;
  for (int i = 0; i < 24; ++i) {
    const double x = std::fmod(0.2 + 0.7548776662 * i, 1.0);
    const double y = std::fmod(0.7 + 0.5698402910 * i, 1.0);
    const double v = std::sin(4.0 * x) * std::cos(3.0 * y);
    h.add({x, y}, v, {v - 0.01, v + 0.01});
  }
  StoppingSettings s;
  s.set("threshold", 0.01);
  s.set("emmr_threshold", 0.001);
  const StoppingContext context = context_for(kPlane);
  for (const std::string spec :
       {"regret-bound", "static", "ei-threshold", "pi-threshold", "emmr"}) {
    const StoppingDecision a = make_criterion(spec, s, 2)->evaluate(h.all(), context);
    const auto criterion = make_criterion(spec, s, 2);
    const StoppingDecision b = criterion->evaluate(h.all(), context);
    const StoppingDecision c = criterion->evaluate(h.all(), context);
    ASSERT_EQ(a.values.size(), b.values.size());
    for (std::size_t i = 0; i < a.values.size(); ++i) {
      EXPECT_EQ(a.values[i], b.values[i]) << spec;
      EXPECT_EQ(b.values[i], c.values[i]) << spec;
      EXPECT_TRUE(std::isfinite(a.values[i].second)) << spec << " " << a.values[i].first;
    }
    EXPECT_EQ(a.stop, b.stop);
  }
}

TEST(NoneCriterion, NeverStopsAndRecordsNothing) {
  History h;
  for (int i = 0; i < 30; ++i) h.add({i / 30.0}, 1.0);
  StoppingSettings s;
  s.set("min_trials", 1);
  const StoppingDecision d = make_criterion("none", s, 2)->evaluate(h.all(), context_for(kLine));
  EXPECT_FALSE(d.stop);
  EXPECT_TRUE(d.values.empty());
}

}  // namespace
}  // namespace fermata
