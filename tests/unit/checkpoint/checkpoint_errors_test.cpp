#include <fermata/checkpoint/checkpoint.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "checkpoint/file_seal.hpp"
#include "hdf5/hdf5_data.hpp"
#include "hdf5/hdf5_handle.hpp"

namespace fermata {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kUnreadable = "is not a readable HDF5 file (truncated or corrupt?)";

Study small_study() {
  Study s;
  s.name = "small";
  s.folds = 3;
  s.space = Space({{"x", ParamKind::kFloat, 0.0, 1.0, false, {}},
                   {"kind", ParamKind::kCategorical, 0, 1, false, {"a", "b"}}});
  for (int i = 0; i < 3; ++i) s.add_trial({0.25 * i, static_cast<double>(i % 2)});
  s.stopping.history = {{"n_trials", {1, 2}}, {"beta", {0.5, 0.6}}};
  return s;
}

class CheckpointErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("fermata_checkpoint_" + std::string(info->name()) + "_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "study.h5").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The message read_checkpoint throws for path_; fails the test if it does not throw.
  std::string read_error() const {
    try {
      read_checkpoint(path_);
    } catch (const CheckpointError& e) {
      EXPECT_EQ(e.exit_code(), kExitCheckpoint);
      return e.what();
    }
    ADD_FAILURE() << "read_checkpoint('" << path_ << "') did not throw";
    return "";
  }

  // Writes a good checkpoint, then lets `edit` change it through HDF5.
  template <class Edit>
  void write_then_edit(Edit edit) const {
    write_checkpoint(small_study(), path_);
    {
      const h5::Handle file = h5::open_file(path_, true);
      edit(file);
    }
    // Sealed again, as if fermata had written the file so: these tests pin the layout
    // reader's messages, which the seal's check would otherwise pre-empt.
    checkpoint_seal::seal(path_);
  }

  // Removes the seal's line, as a checkpoint written before the seal existed has none.
  void unseal() const {
    std::fstream file(path_, std::ios::in | std::ios::out | std::ios::binary);
    std::string line;
    std::getline(file, line);
    file.seekp(0);
    file << std::string(line.size() + 1, '\0');
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(CheckpointErrors, MissingFileSaysItDoesNotExist) {
  EXPECT_THAT(read_error(), AllOf(HasSubstr(path_), HasSubstr("does not exist")));
}

TEST_F(CheckpointErrors, TruncatedFileIsDamagedBeforeHdf5ReadsIt) {
  write_checkpoint(small_study(), path_);
  const auto size = fs::file_size(path_);
  fs::resize_file(path_, size / 2);
  EXPECT_THAT(read_error(), AllOf(HasSubstr(path_), HasSubstr("is damaged"), HasSubstr("cut short"),
                                  HasSubstr("length=" + std::to_string(size - 512))));
}

TEST_F(CheckpointErrors, AChangedByteIsDamageBeforeHdf5ReadsIt) {
  write_checkpoint(small_study(), path_);
  {
    std::fstream file(path_, std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(2000);
    const char c = static_cast<char>(file.get());
    file.seekp(2000);
    file.put(static_cast<char>(c ^ 0x10));
  }
  EXPECT_THAT(read_error(), AllOf(HasSubstr(path_), HasSubstr("is damaged")));
}

TEST_F(CheckpointErrors, ACheckpointWithoutSealIsRefusedNamingTheSealCommand) {
  write_checkpoint(small_study(), path_);
  unseal();
  EXPECT_THAT(read_error(), AllOf(HasSubstr(path_), HasSubstr("has no seal"),
                                  HasSubstr("fermata seal " + path_)));
}

TEST_F(CheckpointErrors, ATrustedCheckpointWithoutSealReadsAndSealingItMakesItReadable) {
  const Study study = small_study();
  write_checkpoint(study, path_);
  unseal();
  EXPECT_EQ(read_checkpoint(path_, UnsealedCheckpoint::kTrust).trials.size(), study.trials.size());
  EXPECT_TRUE(seal_checkpoint(path_));
  EXPECT_EQ(read_checkpoint(path_).trials.size(), study.trials.size());
  EXPECT_FALSE(seal_checkpoint(path_));  // sealed already: nothing written
  // The file as it was is kept, and is still the unsealed one.
  EXPECT_THROW(read_checkpoint(previous_checkpoint_path(path_)), CheckpointError);
}

TEST_F(CheckpointErrors, ATrustedTruncatedCheckpointWithoutSealIsNotReadableHdf5) {
  write_checkpoint(small_study(), path_);
  unseal();
  fs::resize_file(path_, fs::file_size(path_) / 2);
  try {
    read_checkpoint(path_, UnsealedCheckpoint::kTrust);
    ADD_FAILURE() << "no error";
  } catch (const CheckpointError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr(path_), HasSubstr(kUnreadable)));
  }
}

TEST_F(CheckpointErrors, RandomBytesAreNotReadableHdf5) {
  std::mt19937 bits(7);
  std::ofstream out(path_, std::ios::binary);
  for (int i = 0; i < 4096; ++i) out.put(static_cast<char>(bits() & 0xff));
  out.close();
  EXPECT_THAT(read_error(), AllOf(HasSubstr(path_), HasSubstr(kUnreadable)));
}

TEST_F(CheckpointErrors, EmptyFileIsNotReadableHdf5) {
  std::ofstream(path_).close();
  EXPECT_THAT(read_error(), AllOf(HasSubstr(path_), HasSubstr(kUnreadable)));
}

TEST_F(CheckpointErrors, OtherHdf5FileIsNotAFermataCheckpoint) {
  {
    h5::Handle file = h5::create_file(path_);
    h5::write_dataset(file, "X", {2}, std::vector<double>{1, 2});
    file.close();
  }
  // Without a seal it is not even opened; read anyway, it is not fermata's.
  EXPECT_THAT(read_error(), AllOf(HasSubstr(path_), HasSubstr("has no seal")));
  try {
    read_checkpoint(path_, UnsealedCheckpoint::kTrust);
    ADD_FAILURE() << "no error";
  } catch (const CheckpointError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr(path_), HasSubstr("is not a fermata checkpoint"),
                                HasSubstr("no root attribute 'format'")));
  }
}

TEST_F(CheckpointErrors, WrongFormatAttributeIsNotAFermataCheckpoint) {
  write_then_edit(
      [](const h5::Handle& f) { h5::write_attribute(f, "format", std::string("other.tool")); });
  EXPECT_THAT(read_error(), AllOf(HasSubstr(path_), HasSubstr("is not a fermata checkpoint"),
                                  HasSubstr("'other.tool'"), Not(HasSubstr(kUnreadable))));
}

TEST_F(CheckpointErrors, OtherSchemaNamesBothSchemas) {
  write_then_edit([](const h5::Handle& f) { h5::write_attribute(f, "schema", 2); });
  EXPECT_THAT(read_error(),
              AllOf(HasSubstr(path_), HasSubstr("has schema 2, this fermata reads schema 1")));
}

TEST_F(CheckpointErrors, MissingDatasetIsNamed) {
  write_then_edit(
      [](const h5::Handle& f) { h5::remove_child(h5::open_group(f, "trials"), "value"); });
  EXPECT_THAT(read_error(),
              AllOf(HasSubstr(path_), HasSubstr("is missing dataset '/trials/value'")));
}

// Checkpoints from before fold times were recorded stay readable: their folds have no times.
TEST_F(CheckpointErrors, CheckpointWithoutFoldTimesReadsWithUnknownTimes) {
  write_then_edit([](const h5::Handle& f) {
    const h5::Handle trials = h5::open_group(f, "trials");
    h5::remove_child(trials, "fold_started");
    h5::remove_child(trials, "fold_finished");
  });
  const Study study = read_checkpoint(path_);
  ASSERT_FALSE(study.trials.empty());
  for (const Trial& t : study.trials) {
    ASSERT_EQ(t.fold_started.size(), static_cast<std::size_t>(study.folds));
    for (double s : t.fold_started) EXPECT_TRUE(std::isnan(s));
    for (double s : t.fold_finished) EXPECT_TRUE(std::isnan(s));
  }
}

TEST_F(CheckpointErrors, FoldTimesOfTheWrongShapeAreRejected) {
  write_then_edit([](const h5::Handle& f) {
    const h5::Handle trials = h5::open_group(f, "trials");
    h5::remove_child(trials, "fold_started");
    h5::write_dataset(trials, "fold_started", {1}, std::vector<double>{1.0});
  });
  EXPECT_THAT(read_error(), HasSubstr("dataset '/trials/fold_started' of shape"));
}

TEST_F(CheckpointErrors, MissingGroupIsNamed) {
  write_then_edit([](const h5::Handle& f) { h5::remove_child(f, "optimizer"); });
  EXPECT_THAT(read_error(), AllOf(HasSubstr(path_), HasSubstr("is missing group '/optimizer'")));
}

TEST_F(CheckpointErrors, MissingAttributeIsNamedWithItsGroup) {
  write_then_edit([](const h5::Handle& f) {
    h5::remove_child(f, "stopping");
    h5::write_attribute(h5::create_group(f, "stopping"), "criterion", std::string("none"));
  });
  EXPECT_THAT(read_error(),
              AllOf(HasSubstr(path_), HasSubstr("is missing attribute 'stopped' of '/stopping'")));
}

TEST_F(CheckpointErrors, WrongShapeNamesTheDatasetAndBothShapes) {
  write_then_edit([](const h5::Handle& f) {
    const h5::Handle trials = h5::open_group(f, "trials");
    h5::remove_child(trials, "fold_error");
    h5::write_dataset(trials, "fold_error", {3, 4}, std::vector<double>(12, 0.5));
  });
  EXPECT_THAT(read_error(), AllOf(HasSubstr(path_), HasSubstr("dataset '/trials/fold_error'"),
                                  HasSubstr("shape [3, 4], expected [3, 3]")));
}

TEST_F(CheckpointErrors, WrongTypeSaysWhatItHolds) {
  write_then_edit([](const h5::Handle& f) {
    const h5::Handle trials = h5::open_group(f, "trials");
    h5::remove_child(trials, "state");
    h5::write_string_dataset(trials, "state", {"complete", "complete", "failed"});
  });
  EXPECT_THAT(read_error(), AllOf(HasSubstr(path_), HasSubstr("'/trials/state'"),
                                  HasSubstr("holds strings, expected integers")));
}

TEST_F(CheckpointErrors, UnknownTrialStateIsRejected) {
  write_then_edit([](const h5::Handle& f) {
    const h5::Handle trials = h5::open_group(f, "trials");
    h5::remove_child(trials, "state");
    h5::write_dataset(trials, "state", {3}, std::vector<std::int8_t>{2, 9, 0});
  });
  EXPECT_THAT(read_error(),
              AllOf(HasSubstr(path_), HasSubstr("has state 9 for trial 1 in /trials/state")));
}

TEST_F(CheckpointErrors, StoppingHistoryColumnsOfDifferentLengthsAreRejected) {
  write_then_edit([](const h5::Handle& f) {
    const h5::Handle history = h5::open_group(h5::open_group(f, "stopping"), "history");
    h5::remove_child(history, "n_trials");
    h5::write_dataset(history, "n_trials", {3}, std::vector<double>{1, 2, 3});
  });
  EXPECT_THAT(read_error(),
              AllOf(HasSubstr(path_), HasSubstr("stopping history columns of different lengths"),
                    HasSubstr("/stopping/history/n_trials has 3 rows")));
}

}  // namespace
}  // namespace fermata
