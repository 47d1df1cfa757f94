#include <fermata/checkpoint/checkpoint.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include "checkpoint/file_seal.hpp"
#include "hdf5/hdf5_data.hpp"
#include "hdf5/hdf5_handle.hpp"

namespace fermata {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// Exact equality, NaN equal to NaN: a checkpoint must give back the very same numbers.
::testing::AssertionResult same_numbers(const std::vector<double>& a,
                                        const std::vector<double>& b) {
  if (a.size() != b.size()) {
    return ::testing::AssertionFailure() << "sizes " << a.size() << " vs " << b.size();
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::memcmp(&a[i], &b[i], sizeof(double)) != 0 && !(std::isnan(a[i]) && std::isnan(b[i]))) {
      return ::testing::AssertionFailure() << "at " << i << ": " << a[i] << " vs " << b[i];
    }
  }
  return ::testing::AssertionSuccess();
}

void expect_same_study(const Study& a, const Study& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.job_yaml, b.job_yaml);
  EXPECT_EQ(a.classes, b.classes);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.folds, b.folds);
  EXPECT_TRUE(same_numbers({a.created_utc, a.updated_utc, a.elapsed_seconds},
                           {b.created_utc, b.updated_utc, b.elapsed_seconds}));
  ASSERT_EQ(a.space.size(), b.space.size());
  for (std::size_t i = 0; i < a.space.size(); ++i) {
    const Parameter& p = a.space[i];
    const Parameter& q = b.space[i];
    EXPECT_EQ(p.name, q.name);
    EXPECT_EQ(p.kind, q.kind) << p.name;
    EXPECT_TRUE(same_numbers({p.low, p.high}, {q.low, q.high})) << p.name;
    EXPECT_EQ(p.log, q.log) << p.name;
    EXPECT_EQ(p.choices, q.choices) << p.name;
  }
  ASSERT_EQ(a.trials.size(), b.trials.size());
  for (std::size_t i = 0; i < a.trials.size(); ++i) {
    const Trial& s = a.trials[i];
    const Trial& t = b.trials[i];
    SCOPED_TRACE("trial " + std::to_string(s.id));
    EXPECT_EQ(s.id, t.id);
    EXPECT_EQ(s.state, t.state);
    EXPECT_TRUE(same_numbers(s.params, t.params));
    EXPECT_TRUE(same_numbers(s.fold_error, t.fold_error));
    EXPECT_TRUE(same_numbers(s.fold_seconds, t.fold_seconds));
    EXPECT_EQ(s.fold_worker, t.fold_worker);
    EXPECT_EQ(s.fold_attempts, t.fold_attempts);
    EXPECT_TRUE(same_numbers(s.fold_started, t.fold_started));
    EXPECT_TRUE(same_numbers(s.fold_finished, t.fold_finished));
    EXPECT_TRUE(same_numbers({s.value, s.test_error, s.started, s.finished},
                             {t.value, t.test_error, t.started, t.finished}));
    EXPECT_EQ(s.message, t.message);
  }
  EXPECT_EQ(a.stopping.criterion, b.stopping.criterion);
  EXPECT_EQ(a.stopping.stopped, b.stopping.stopped);
  EXPECT_EQ(a.stopping.reason, b.stopping.reason);
  ASSERT_EQ(a.stopping.history.size(), b.stopping.history.size());
  for (const auto& [column, values] : a.stopping.history) {
    ASSERT_EQ(b.stopping.history.count(column), 1u) << column;
    EXPECT_TRUE(same_numbers(values, b.stopping.history.at(column))) << column;
  }
  EXPECT_EQ(a.optimizer.kind, b.optimizer.kind);
  EXPECT_EQ(a.optimizer.rng, b.optimizer.rng);
  EXPECT_EQ(a.optimizer.scalars, b.optimizer.scalars);
  ASSERT_EQ(a.optimizer.vectors.size(), b.optimizer.vectors.size());
  for (const auto& [name, values] : a.optimizer.vectors) {
    ASSERT_EQ(b.optimizer.vectors.count(name), 1u) << name;
    EXPECT_TRUE(same_numbers(values, b.optimizer.vectors.at(name))) << name;
  }
}

Space sample_space() {
  return Space({{"learning_rate", ParamKind::kFloat, 1e-6, 1.0, true, {}},
                {"n_estimators", ParamKind::kInt, 2, 512, true, {}},
                {"booster", ParamKind::kCategorical, 0, 1, false, {"gbtree", "dart", "größe"}},
                {"subsample", ParamKind::kFloat, 0.5, 1.0, false, {}}});
}

// Trials in every state, with NaNs, unfinished folds and messages.
Study sample_study() {
  Study s;
  s.name = "xgboost-optdigits";
  s.job_yaml = "name: xgboost-optdigits\nseed: 1\ncv:\n  folds: 3\n";
  s.classes = "2 classes: 0='bad' (300 rows), 1='good' (700 rows)";
  s.seed = 18446744073709551557ULL;  // above INT64_MAX: must stay unsigned
  s.folds = 3;
  s.space = sample_space();
  s.created_utc = 1795962736.25;
  s.updated_utc = 1795963000.125;
  s.elapsed_seconds = 263.875;
  const TrialState states[] = {TrialState::kComplete, TrialState::kComplete, TrialState::kFailed,
                               TrialState::kRunning,  TrialState::kPending,  TrialState::kPruned};
  for (int i = 0; i < 6; ++i) {
    Trial& t = s.add_trial({0.1 / (i + 1), 2.0 + i, static_cast<double>(i % 3), 0.5 + 0.05 * i});
    t.state = states[i];
    for (int f = 0; f < (t.state == TrialState::kPending ? 1 : 3); ++f) {
      t.fold_error[f] = 0.1 + 0.01 * i + 0.001 * f;
      t.fold_seconds[f] = 1.5 * (f + 1);
      t.fold_worker[f] = f + 1;
      t.fold_started[f] = 1795962740.0 + i + 0.25 * f;
      if (t.state != TrialState::kRunning) t.fold_finished[f] = t.fold_started[f] + 1.5 * (f + 1);
    }
    t.fold_attempts[1] = i % 2;
    t.started = 1795962740.0 + i;
  }
  s.trials[0].value = 0.101;
  s.trials[0].test_error = 0.12;
  s.trials[0].finished = 1795962750.5;
  s.trials[1].value = 0.111;
  s.trials[2].fold_error[2] = kNaN;
  s.trials[2].message = "fold 2: exit status 137\nkilled (out of memory?)";
  s.trials[5].message = "pruned: ünïcode survives";
  s.stopping.criterion = "regret-bound";
  s.stopping.stopped = true;
  s.stopping.reason = "regret bound 0.004 < statistical error 0.006";
  s.stopping.history = {{"n_trials", {20, 21, 22}},
                        {"regret_bound", {kNaN, 0.01, 0.004}},
                        {"statistical_error", {0.006, 0.006, 0.006}},
                        {"decision", {0, 0, 1}}};
  s.optimizer.kind = "bo";
  s.optimizer.rng = "1234 5678 91011";
  s.optimizer.scalars = {{"noise", 1e-6}, {"signal_variance", 2.5}, {"mean", -0.125}};
  s.optimizer.vectors = {{"lengthscales", {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}}, {"unused", {}}};
  return s;
}

class CheckpointRoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("fermata_checkpoint_" + std::string(info->name()) + "_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string file(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

TEST_F(CheckpointRoundTrip, KeepsEveryFieldOfAStudyInAllTrialStates) {
  const Study study = sample_study();
  write_checkpoint(study, file("study.h5"));
  expect_same_study(study, read_checkpoint(file("study.h5")));
}

TEST_F(CheckpointRoundTrip, KeepsAStudyWithoutTrials) {
  Study study = sample_study();
  study.trials.clear();
  study.stopping = StoppingRecord{};
  study.optimizer = OptimizerState{};
  write_checkpoint(study, file("empty.h5"));
  const Study back = read_checkpoint(file("empty.h5"));
  expect_same_study(study, back);
  EXPECT_EQ(back.space.size(), 4u);
}

TEST_F(CheckpointRoundTrip, KeepsTrialsWithoutParametersOrFolds) {
  Study study;
  study.folds = 0;
  study.add_trial({});
  study.add_trial({}).message = "second";
  write_checkpoint(study, file("bare.h5"));
  expect_same_study(study, read_checkpoint(file("bare.h5")));
}

TEST_F(CheckpointRoundTrip, WritesTheContractLayoutAndReadableTimes) {
  const Study study = sample_study();
  write_checkpoint(study, file("layout.h5"));
  const h5::Handle f = h5::open_file(file("layout.h5"), false);
  EXPECT_EQ(h5::read_string_attribute(f, "format"), "fermata.checkpoint");
  EXPECT_EQ(h5::read_int_attribute(f, "schema"), 1);
  EXPECT_FALSE(h5::read_string_attribute(f, "version").empty());
  EXPECT_EQ(h5::read_string_attribute(f, "created_utc"), "2026-11-29T14:32:16Z");
  EXPECT_EQ(h5::read_string_attribute(f, "job"), study.job_yaml);
  const h5::Handle trials = h5::open_group(f, "trials");
  EXPECT_THAT(
      h5::child_names(trials),
      ::testing::IsSupersetOf({"id", "state", "params", "fold_error", "fold_seconds", "fold_worker",
                               "value", "test_error", "started", "finished"}));
  EXPECT_EQ(h5::read_dataset<double>(trials, "params").dims, (h5::Dims{6, 4}));
  EXPECT_EQ(h5::read_dataset<std::int32_t>(trials, "fold_worker").dims, (h5::Dims{6, 3}));
  EXPECT_EQ(h5::read_dataset<std::int8_t>(trials, "state").values[2], 3);  // failed
  const h5::Handle history = h5::open_group(h5::open_group(f, "stopping"), "history");
  EXPECT_THAT(h5::child_names(history),
              ::testing::ElementsAre("decision", "n_trials", "regret_bound", "statistical_error"));
  const h5::Handle choices = h5::open_group(h5::open_group(f, "space"), "choices");
  EXPECT_THAT(h5::child_names(choices), ::testing::ElementsAre("booster"));
}

TEST_F(CheckpointRoundTrip, ReadsACheckpointWrittenBeforeElapsedSecondsAsZero) {
  write_checkpoint(sample_study(), file("old.h5"));
  {
    const h5::Handle f = h5::open_file(file("old.h5"), true);
    ASSERT_GE(H5Adelete(f.id(), "elapsed_seconds"), 0);
  }
  checkpoint_seal::seal(file("old.h5"));  // as written then, consistently
  EXPECT_EQ(read_checkpoint(file("old.h5")).elapsed_seconds, 0.0);
}

TEST_F(CheckpointRoundTrip, ReplacesAnExistingCheckpointAndLeavesNoTemporaryFile) {
  Study first = sample_study();
  write_checkpoint(first, file("run.h5"));
  Study second = sample_study();
  second.add_trial({0.5, 3, 1, 0.75});
  second.name = "second";
  write_checkpoint(second, file("run.h5"));
  EXPECT_FALSE(fs::exists(file("run.h5.tmp")));
  expect_same_study(second, read_checkpoint(file("run.h5")));
}

TEST_F(CheckpointRoundTrip, OverwritesAStaleTemporaryFileLeftByACrash) {
  std::ofstream(file("run.h5.tmp")) << "half-written garbage";
  write_checkpoint(sample_study(), file("run.h5"));
  EXPECT_FALSE(fs::exists(file("run.h5.tmp")));
  EXPECT_EQ(read_checkpoint(file("run.h5")).trials.size(), 6u);
}

TEST_F(CheckpointRoundTrip, CreatesMissingParentDirectories) {
  const std::string path = file("runs/nested/study.h5");
  write_checkpoint(sample_study(), path);
  EXPECT_EQ(read_checkpoint(path).name, "xgboost-optdigits");
}

TEST_F(CheckpointRoundTrip, FailedWriteKeepsThePreviousCheckpointAndRemovesTheTemporary) {
  const Study good = sample_study();
  write_checkpoint(good, file("run.h5"));
  Study bad = sample_study();
  bad.stopping.history["a/b"] = {1, 2, 3};  // not a valid HDF5 name: fails mid-write
  try {
    write_checkpoint(bad, file("run.h5"));
    FAIL() << "write_checkpoint accepted a history column named 'a/b'";
  } catch (const CheckpointError& e) {
    EXPECT_THAT(e.what(), HasSubstr(file("run.h5")));
    EXPECT_THAT(e.what(), HasSubstr("writing /stopping"));
    EXPECT_THAT(e.what(), HasSubstr("'a/b'"));
  }
  EXPECT_FALSE(fs::exists(file("run.h5.tmp")));
  expect_same_study(good, read_checkpoint(file("run.h5")));
}

TEST_F(CheckpointRoundTrip, RejectsATrialWhoseShapeDoesNotMatchTheStudy) {
  Study study = sample_study();
  study.trials[3].params.pop_back();
  EXPECT_THROW(
      {
        try {
          write_checkpoint(study, file("bad.h5"));
        } catch (const CheckpointError& e) {
          EXPECT_THAT(e.what(), HasSubstr("trial 3 has 3 parameter values, the space has 4"));
          throw;
        }
      },
      CheckpointError);
  EXPECT_FALSE(fs::exists(file("bad.h5")));
  EXPECT_FALSE(fs::exists(file("bad.h5.tmp")));
}

}  // namespace
}  // namespace fermata
