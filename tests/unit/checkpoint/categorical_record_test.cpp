// /data/categorical in the checkpoint: saved and loaded as written, odd column names kept
// exactly, bad records refused, and checkpoints from before the record still read.
#include <fermata/checkpoint/checkpoint.hpp>

#include <filesystem>
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
using ::testing::HasSubstr;

Study study_with_categories() {
  Study s;
  s.name = "categorical";
  s.folds = 2;
  s.space = Space({{"x", ParamKind::kFloat, 0.0, 1.0, false, {}}});
  s.add_trial({0.5});
  s.categorical = {
      {"purpose", 3, {"car", "education", "radio/tv"}, {{1, 0, 1}, {1, 1, 1}}},
      {"km/h", 5, {"fast", "slow"}, {{1, 1}, {0, 1}}},  // not an HDF5 link name
      {"größe", 7, {"L"}, {{1}, {1}}},
  };
  return s;
}

class CategoricalRecord : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("fermata_categorical_" + std::string(info->name()) + "_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "study.h5").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  std::string path_;
};

void expect_same(const std::vector<CategoricalFeature>& a,
                 const std::vector<CategoricalFeature>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].column, b[i].column);
    EXPECT_EQ(a[i].feature, b[i].feature);
    EXPECT_EQ(a[i].categories, b[i].categories);
    EXPECT_EQ(a[i].in_fold_training, b[i].in_fold_training);
  }
}

TEST_F(CategoricalRecord, SaveThenLoadKeepsEveryFeature) {
  const Study written = study_with_categories();
  write_checkpoint(written, path_);
  const Study read = read_checkpoint(path_);
  expect_same(read.categorical, written.categorical);
  // Saved again from what was read: the same record.
  write_checkpoint(read, path_);
  expect_same(read_checkpoint(path_).categorical, written.categorical);
}

TEST_F(CategoricalRecord, LayoutIsWhatTheReadmeShows) {
  write_checkpoint(study_with_categories(), path_);
  const h5::Handle file = h5::open_file(path_, false);
  const h5::Handle categorical = h5::open_group(h5::open_group(file, "data"), "categorical");
  EXPECT_EQ(h5::child_names(categorical),
            (std::vector<std::string>{"feature_5", "größe", "purpose"}));
  const h5::Handle purpose = h5::open_group(categorical, "purpose");
  EXPECT_EQ(h5::read_string_attribute(purpose, "column"), "purpose");
  EXPECT_EQ(h5::read_int_attribute(purpose, "feature"), 3);
  EXPECT_EQ(h5::read_string_dataset(purpose, "categories").values,
            (std::vector<std::string>{"car", "education", "radio/tv"}));
  const auto in_fold = h5::read_dataset<std::int8_t>(purpose, "in_fold_training");
  EXPECT_EQ(in_fold.dims, (h5::Dims{2, 3}));
  EXPECT_EQ(h5::read_string_attribute(h5::open_group(categorical, "feature_5"), "column"), "km/h");
}

TEST_F(CategoricalRecord, NoCategoricalFeatureIsAnEmptyGroup) {
  Study s = study_with_categories();
  s.categorical.clear();
  write_checkpoint(s, path_);
  EXPECT_TRUE(read_checkpoint(path_).categorical.empty());
}

// A checkpoint written before categorical features were recorded has no /data at all.
TEST_F(CategoricalRecord, OlderCheckpointWithoutTheRecordStillReads) {
  write_checkpoint(study_with_categories(), path_);
  {
    const h5::Handle file = h5::open_file(path_, true);
    h5::remove_child(file, "data");
  }
  checkpoint_seal::seal(path_);
  const Study read = read_checkpoint(path_);
  EXPECT_TRUE(read.categorical.empty());
  EXPECT_EQ(read.trials.size(), 1u);
  EXPECT_EQ(read.name, "categorical");
}

TEST_F(CategoricalRecord, FoldRecordOfTheWrongShapeIsRefused) {
  Study s = study_with_categories();
  s.categorical[0].in_fold_training.pop_back();
  EXPECT_THROW(write_checkpoint(s, path_), CheckpointError);
  s = study_with_categories();
  s.categorical[1].in_fold_training[0].push_back(1);
  try {
    write_checkpoint(s, path_);
    ADD_FAILURE() << "expected a CheckpointError";
  } catch (const CheckpointError& e) {
    EXPECT_THAT(e.what(), HasSubstr("categorical feature 'km/h'"));
  }
  EXPECT_FALSE(fs::exists(path_));
}

}  // namespace
}  // namespace fermata
