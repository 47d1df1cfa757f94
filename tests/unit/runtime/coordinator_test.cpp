#include <fermata/runtime/coordinator.hpp>

#include <cmath>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/comm/local.hpp>
#include <fermata/optimizer/bayesian_optimizer.hpp>
#include <fermata/optimizer/random_search.hpp>
#include <fermata/runtime/resume.hpp>
#include <fermata/runtime/worker.hpp>

#include "unit/runtime/fake_objective.hpp"

namespace fermata {
namespace {

struct Harness {
  explicit Harness(int workers, int folds, int max_trials, std::int64_t failing_trial = -1)
      : hub(workers) {
    job.name = "coordinator-test";
    job.cv.folds = folds;
    job.budget.max_trials = max_trials;
    job.runtime.max_retries = 1;
    job.space = Space({{"x", ParamKind::kFloat, 0, 1, false, {}}});
    study.folds = folds;
    study.space = job.space;
    path =
        (std::filesystem::temp_directory_path() /
         ("fermata-coord-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".h5"))
            .string();
    for (int id = 1; id <= workers; ++id) {
      objectives.push_back(std::make_unique<testing::FakeObjective>(folds, failing_trial));
    }
  }
  ~Harness() { std::filesystem::remove(path); }

  RunOutcome run() {
    RandomSearch optimizer(job.space, 1);
    return run_with(optimizer);
  }

  /// Runs with the job's Bayesian optimizer, restored from the study as a resume does.
  RunOutcome run_bo() {
    OptimizerSettings settings;
    settings.initial_trials = 3;
    BayesianOptimizer optimizer(job.space, settings, job.seed);
    restore_optimizer(optimizer, study);
    return run_with(optimizer);
  }

  RunOutcome run_with(Optimizer& optimizer) {
    // spdlog's registry is a lazily built singleton inside libspdlog; built here, before the
    // worker threads start (as fermata's main does by setting up logging), rather than by
    // whichever worker logs first, where ThreadSanitizer cannot see the library's guard.
    spdlog::default_logger_raw();
    std::vector<std::thread> threads;
    for (int id = 1; id <= static_cast<int>(objectives.size()); ++id) {
      threads.emplace_back([this, id] { run_worker(hub.worker(id), *objectives[id - 1]); });
    }
    Coordinator coordinator(job, study, optimizer, hub.coordinator(), {path, true});
    const RunOutcome outcome = coordinator.run();
    for (auto& t : threads) t.join();
    return outcome;
  }

  int total_calls() const {
    int n = 0;
    for (const auto& o : objectives) n += o->calls;
    return n;
  }

  int total_test_calls() const {
    int n = 0;
    for (const auto& o : objectives) n += o->test_calls;
    return n;
  }

  static inline int counter = 0;
  LocalHub hub;
  Job job;
  Study study;
  std::string path;
  std::vector<std::unique_ptr<testing::FakeObjective>> objectives;
};

TEST(Coordinator, EvaluatesEveryFoldOfEveryTrialExactlyOnceWithinTheBudget) {
  Harness h(3, 4, 10);
  EXPECT_EQ(h.run(), RunOutcome::kFinished);
  ASSERT_EQ(h.study.trials.size(), 10u);
  for (const Trial& t : h.study.trials) {
    EXPECT_EQ(t.state, TrialState::kComplete);
    double sum = 0;
    for (double e : t.fold_error) sum += e;
    EXPECT_DOUBLE_EQ(t.value, sum / 4);
    for (int w : t.fold_worker) EXPECT_TRUE(w >= 1 && w <= 3);
  }
  EXPECT_EQ(h.total_calls(), 40);
}

TEST(Coordinator, EveryCompletedTrialHoldsTheTestErrorOfTheIncumbentAtItsCompletion) {
  Harness h(2, 3, 12);
  EXPECT_EQ(h.run(), RunOutcome::kFinished);
  const Trial* incumbent = nullptr;
  int incumbents = 0;
  for (const Trial* t : h.study.completed_in_order()) {
    if (incumbent == nullptr || t->value < incumbent->value) {
      incumbent = t;
      ++incumbents;
    }
    // FakeObjective's test error is (x - 0.3)^2 without the fold offsets of its folds.
    EXPECT_DOUBLE_EQ(t->test_error, std::pow(incumbent->params[0] - 0.3, 2)) << "trial " << t->id;
  }
  // Each incumbent is scored on the test set once, and only incumbents are.
  EXPECT_EQ(h.total_test_calls(), incumbents);
  EXPECT_EQ(read_checkpoint(h.path).trials.back().test_error, h.study.trials.back().test_error);
}

/// Synchronous runs of the Bayesian optimizer with workers that take random times: the
/// configurations and fold errors must not depend on the order results come back in.
Study synchronous_run(int max_trials, Study* resume_from = nullptr) {
  Harness h(3, 2, max_trials);
  h.job.runtime.synchronous = true;
  h.job.seed = 7;
  if (resume_from != nullptr) h.study = *resume_from;
  for (auto& o : h.objectives) o->jitter_ms = 3;
  EXPECT_EQ(h.run_bo(), RunOutcome::kFinished);
  return h.study;
}

void expect_same_trials(const Study& a, const Study& b) {
  ASSERT_EQ(a.trials.size(), b.trials.size());
  for (std::size_t i = 0; i < a.trials.size(); ++i) {
    EXPECT_EQ(a.trials[i].params, b.trials[i].params) << "trial " << i;
    EXPECT_EQ(a.trials[i].fold_error, b.trials[i].fold_error) << "trial " << i;
  }
}

TEST(Coordinator, SynchronousRunsGiveTheSameTrialsWhateverTheTimingOfTheWorkers) {
  const Study first = synchronous_run(12);
  const Study second = synchronous_run(12);
  expect_same_trials(first, second);
  // Batches of ceil(3 workers / 2 folds) = 2 trials: each started when the last completed.
  for (std::size_t i = 2; i < first.trials.size(); i += 2) {
    EXPECT_GE(first.trials[i].started, first.trials[i - 1].finished) << "trial " << i;
  }
}

TEST(Coordinator, ASynchronousRunStoppedByItsBudgetAndResumedEqualsAnUninterruptedOne) {
  Study half = synchronous_run(6);
  const Study resumed = synchronous_run(12, &half);
  expect_same_trials(resumed, synchronous_run(12));
}

TEST(Coordinator, WritesACheckpointThatHoldsTheStudy) {
  Harness h(2, 3, 5);
  h.run();
  const Study saved = read_checkpoint(h.path);
  ASSERT_EQ(saved.trials.size(), 5u);
  EXPECT_EQ(saved.trials[4].fold_error, h.study.trials[4].fold_error);
}

TEST(Coordinator, RetriesAFailingFoldThenFailsItsTrialWithoutStoppingTheRun) {
  Harness h(2, 2, 6, /*failing_trial=*/2);
  EXPECT_EQ(h.run(), RunOutcome::kFinished);
  EXPECT_EQ(h.study.trials[2].state, TrialState::kFailed);
  EXPECT_NE(h.study.trials[2].message.find("deliberate failure"), std::string::npos);
  EXPECT_EQ(h.study.count(TrialState::kComplete), 5u);
}

TEST(Coordinator, InASynchronousRunTheCriterionStopsAtItsDecisionWithOnlyItsBatchFinishing) {
  Harness h(3, 2, 60);  // batches of ceil(3 / 2) = 2 trials
  h.job.runtime.synchronous = true;
  h.job.stopping.criterion = "patience";
  h.job.stopping.set("patience", 2);
  h.job.stopping.set("min_trials", 3);
  EXPECT_EQ(h.run(), RunOutcome::kFinished);
  EXPECT_TRUE(h.study.stopping.stopped);
  EXPECT_EQ(h.study.stopping.criterion, "patience");
  const auto& rows = h.study.stopping.history.at("n_trials");
  const auto& decisions = h.study.stopping.history.at("decision");
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(decisions.back(), 1.0);  // the last evaluation is the one that fired
  // Evaluated once per completed trial, in order, up to the decision.
  for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i], static_cast<double>(i + 1));
  // Only the other trial of the deciding batch may follow the decision.
  EXPECT_LE(h.study.trials.size(), rows.size() + 1);
  for (const Trial& t : h.study.trials) {
    EXPECT_EQ(t.state, TrialState::kComplete) << "trial " << t.id << " left unfinished";
  }
}

TEST(Coordinator, WhenTheBackgroundCriterionFiresNoTrialStartsAndStartedTrialsFinish) {
  Harness h(3, 2, 60);
  for (auto& o : h.objectives) o->jitter_ms = 4;  // folds of a few ms, not instantaneous
  h.job.stopping.criterion = "patience";
  h.job.stopping.set("patience", 2);
  h.job.stopping.set("min_trials", 3);
  EXPECT_EQ(h.run(), RunOutcome::kFinished);
  EXPECT_TRUE(h.study.stopping.stopped);
  EXPECT_EQ(h.study.stopping.criterion, "patience");
  const auto& rows = h.study.stopping.history.at("n_trials");
  const auto& decisions = h.study.stopping.history.at("decision");
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(decisions.back(), 1.0);  // the last evaluation is the one that fired
  // One row per completed trial up to the decision: the thread evaluates every prefix.
  for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i], static_cast<double>(i + 1));
  EXPECT_LT(h.study.trials.size(), 60u);
  for (const Trial& t : h.study.trials) {
    EXPECT_EQ(t.state, TrialState::kComplete) << "trial " << t.id << " left unfinished";
  }
  EXPECT_EQ(h.total_calls(), static_cast<int>(h.study.trials.size()) * 2);
}

TEST(Coordinator, ResumedStudyOnlyEvaluatesTheMissingFolds) {
  Harness h(2, 3, 4);
  h.study.add_trial({0.5});
  h.study.trials[0].fold_error = {0.1, kNaN, 0.2};
  h.study.trials[0].fold_seconds = {1, kNaN, 1};
  h.study.trials[0].state = TrialState::kPending;
  EXPECT_EQ(h.run(), RunOutcome::kFinished);
  EXPECT_EQ(h.study.trials[0].state, TrialState::kComplete);
  EXPECT_DOUBLE_EQ(h.study.trials[0].fold_error[0], 0.1);  // kept, not re-run
  EXPECT_EQ(h.total_calls(), 1 + 3 * 3);
}

}  // namespace
}  // namespace fermata
