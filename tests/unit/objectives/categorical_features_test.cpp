// The models on a table whose class is decided by a text column: XGBoost's native categorical
// splits (xgboost, random_forest) and the MLP's one-hot inputs learn it, and a category that
// occurs only in a fold's validation rows is taken as missing instead of failing the fold.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include <fermata/data/load.hpp>
#include <fermata/objectives/objective.hpp>

namespace fermata {
namespace {

constexpr int kFolds = 4;

// 400 rows: `city` (12 categories) decides the class; `noise` is numeric and uninformative.
// "Atlantis" occurs in one row only, so one fold's training rows never see it.
std::string write_table() {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("fermata-categorical-" + std::to_string(::getpid()) + ".csv"))
                               .string();
  const char* cities[] = {"Oslo", "Lima", "Pune", "Kiev", "Rome", "Bern",
                          "Doha", "Nice", "Cork", "Baku", "Riga", "Graz"};
  std::ofstream out(path);
  out << "noise,city,label\n";
  for (int i = 0; i < 400; ++i) {
    const int c = (i * 7) % 12;
    out << (i * 37) % 101 << "," << cities[c] << "," << (c % 3 == 0 ? "yes" : "no") << "\n";
  }
  out << "50,Atlantis,no\n";
  return path;
}

class CategoricalFeatures : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    path_ = new std::string(write_table());
    DataSettings settings;
    settings.path = *path_;
    settings.target = "label";
    settings.test_fraction = 0.2;
    data_ = new std::shared_ptr<const PreparedData>(
        std::make_shared<const PreparedData>(prepare_data(settings, CvSettings{kFolds, true}, 7)));
  }
  static void TearDownTestSuite() {
    std::filesystem::remove(*path_);
    delete path_;
    delete data_;
  }

  // Every fold's error and the test error of `kind` with `fixed` options.
  static std::vector<double> errors(const std::string& kind,
                                    std::map<std::string, std::string> fixed) {
    ObjectiveSpec spec;
    spec.model.kind = kind;
    spec.model.fixed = std::move(fixed);
    spec.cv.folds = kFolds;
    spec.seed = 7;
    const auto objective = make_objective(spec, *data_);
    std::vector<double> out;
    for (int fold = 0; fold < kFolds; ++fold) out.push_back(objective->evaluate({}, 0, fold));
    out.push_back(objective->test_error({}, 0));
    return out;
  }

  static std::string* path_;
  static std::shared_ptr<const PreparedData>* data_;
};

std::string* CategoricalFeatures::path_ = nullptr;
std::shared_ptr<const PreparedData>* CategoricalFeatures::data_ = nullptr;

TEST_F(CategoricalFeatures, TheTableHasOneCategoricalColumn) {
  const Dataset& d = (*data_)->data;
  EXPECT_FALSE(d.is_categorical(0));
  ASSERT_TRUE(d.is_categorical(1));
  EXPECT_EQ(d.categories[1].size(), 13u);
  EXPECT_EQ(d.categories[1].front(), "Atlantis");
}

TEST_F(CategoricalFeatures, XGBoostLearnsTheCategoricalColumn) {
  for (double e : errors("xgboost", {{"n_estimators", "20"}, {"max_depth", "3"}})) {
    EXPECT_TRUE(std::isfinite(e));
    EXPECT_LT(e, 0.05);
  }
}

// One stump separates the 4 "yes" cities from the other 8 only by a split on a set of
// categories: the yes cities' codes are scattered, so no threshold on them can.
TEST_F(CategoricalFeatures, XGBoostSplitsOnSetsOfCategoriesNotOnCodes) {
  for (double e :
       errors("xgboost", {{"n_estimators", "1"}, {"max_depth", "1"}, {"learning_rate", "1"}})) {
    EXPECT_LT(e, 0.05);
  }
}

TEST_F(CategoricalFeatures, RandomForestLearnsTheCategoricalColumn) {
  for (double e : errors("random_forest", {{"n_estimators", "20"}, {"max_depth", "6"}})) {
    EXPECT_TRUE(std::isfinite(e));
    EXPECT_LT(e, 0.05);
  }
}

TEST_F(CategoricalFeatures, MlpLearnsTheOneHotColumns) {
  for (double e : errors("mlp", {{"width", "16"}, {"epochs", "30"}, {"batch_size", "32"}})) {
    EXPECT_TRUE(std::isfinite(e));
    EXPECT_LT(e, 0.1);
  }
}

}  // namespace
}  // namespace fermata
