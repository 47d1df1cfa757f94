#include <fermata/runtime/background_checkpoint.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/core/error.hpp>

namespace fermata {
namespace {

namespace fs = std::filesystem;

class BackgroundCheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() / ("fermata-bgckpt-" + std::to_string(::getpid()) + "-" +
                                              std::to_string(counter_++));
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }

  std::string path(const std::string& name) const { return (directory_ / name).string(); }

  /// A study of `n` complete trials on one float parameter.
  static Study study_with(int n) {
    Study study;
    study.name = "background-checkpoint-test";
    study.folds = 2;
    study.space = Space({{"x", ParamKind::kFloat, 0, 1, false, {}}});
    for (int i = 0; i < n; ++i) {
      Trial& t = study.add_trial({0.1 * i});
      t.state = TrialState::kComplete;
      t.fold_error = {0.5 + i, 0.25 + i};
      t.fold_seconds = {1.0, 2.0};
      t.fold_worker = {1, 2};
      t.value = 0.375 + i;
      t.started = 100.0 + i;
      t.finished = 101.0 + i;
    }
    return study;
  }

  static void expect_same_trials(const Study& a, const Study& b) {
    ASSERT_EQ(a.trials.size(), b.trials.size());
    for (std::size_t i = 0; i < a.trials.size(); ++i) {
      EXPECT_EQ(a.trials[i].id, b.trials[i].id) << "trial " << i;
      EXPECT_EQ(a.trials[i].params, b.trials[i].params) << "trial " << i;
      EXPECT_EQ(a.trials[i].fold_error, b.trials[i].fold_error) << "trial " << i;
      EXPECT_EQ(a.trials[i].value, b.trials[i].value) << "trial " << i;
    }
  }

  static inline int counter_ = 0;
  fs::path directory_;
};

TEST_F(BackgroundCheckpointTest, IsIdleBeforeAnythingIsWritten) {
  BackgroundCheckpoint writer(path("study.h5"));
  EXPECT_TRUE(writer.idle());
  EXPECT_EQ(writer.writes(), 0);
  writer.flush();  // nothing queued: returns at once
  EXPECT_FALSE(fs::exists(path("study.h5")));
}

TEST_F(BackgroundCheckpointTest, AWrittenSnapshotIsOnDiskAfterFlush) {
  BackgroundCheckpoint writer(path("study.h5"));
  const Study study = study_with(3);
  writer.write(study);
  writer.flush();
  EXPECT_TRUE(writer.idle());
  EXPECT_EQ(writer.writes(), 1);
  const Study read = read_checkpoint(path("study.h5"));
  EXPECT_EQ(read.name, study.name);
  expect_same_trials(read, study);
}

TEST_F(BackgroundCheckpointTest, EachWriteReplacesTheFileAndIsCounted) {
  BackgroundCheckpoint writer(path("study.h5"));
  for (int n = 1; n <= 3; ++n) {
    writer.write(study_with(n));
    writer.flush();
    EXPECT_EQ(writer.writes(), n);
    expect_same_trials(read_checkpoint(path("study.h5")), study_with(n));
  }
  // write_checkpoint keeps the one it replaced.
  expect_same_trials(read_checkpoint(previous_checkpoint_path(path("study.h5"))), study_with(2));
}

TEST_F(BackgroundCheckpointTest, DestructionFinishesTheQueuedWrite) {
  {
    BackgroundCheckpoint writer(path("study.h5"));
    writer.write(study_with(2));
  }
  expect_same_trials(read_checkpoint(path("study.h5")), study_with(2));
}

TEST_F(BackgroundCheckpointTest, AFailedWriteIsRethrownByFlushOnceAsACheckpointError) {
  // A path under a regular file: its directory can never be created.
  std::ofstream(path("plain-file")) << "not a directory\n";
  const std::string impossible = path("plain-file") + "/study.h5";
  BackgroundCheckpoint writer(impossible);
  writer.write(study_with(1));
  try {
    writer.flush();
    FAIL() << "flush did not rethrow the failed write";
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find(impossible), std::string::npos) << e.what();
  }
  // Reported once: the writer is usable again, and counts no write for the failure.
  EXPECT_NO_THROW(writer.flush());
  EXPECT_TRUE(writer.idle());
  EXPECT_EQ(writer.writes(), 0);
}

TEST_F(BackgroundCheckpointTest, AFailedWriteIsRethrownByIdleWhenNoFlushCameFirst) {
  std::ofstream(path("plain-file")) << "not a directory\n";
  BackgroundCheckpoint writer(path("plain-file") + "/study.h5");
  writer.write(study_with(1));
  // idle() is what the coordinator polls; it turns true or throws once the write ends.
  bool threw = false;
  for (;;) {
    try {
      if (writer.idle()) break;
    } catch (const CheckpointError&) {
      threw = true;
      break;
    }
  }
  EXPECT_TRUE(threw);
  EXPECT_TRUE(writer.idle());
  EXPECT_NO_THROW(writer.flush());
}

}  // namespace
}  // namespace fermata
