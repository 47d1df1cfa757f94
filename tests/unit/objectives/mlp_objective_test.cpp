#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fermata/core/error.hpp>
#include <fermata/data/load.hpp>
#include <fermata/objectives/objective.hpp>

#include "objectives/mlp_objective.hpp"
#include "objectives/mlp_standardizer.hpp"
#include "objectives/mlp_training.hpp"

namespace fermata {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr int kFolds = 4;

std::shared_ptr<const PreparedData> generated(const std::string& kind, int rows = 400,
                                              int informative = 6, double test_fraction = 0.2) {
  DataSettings settings;
  settings.generate = GenerateSettings{};
  settings.generate->kind = kind;
  settings.generate->rows = rows;
  settings.generate->features = 8;
  settings.generate->informative = informative;
  settings.generate->label_noise = 0.0;
  settings.task = kind == "regression" ? Task::kRegression : Task::kClassification;
  settings.test_fraction = test_fraction;
  return std::make_shared<const PreparedData>(prepare_data(settings, CvSettings{kFolds, true}, 3));
}

Parameter numeric(const std::string& name, ParamKind kind, double low, double high) {
  Parameter p;
  p.name = name;
  p.kind = kind;
  p.low = low;
  p.high = high;
  return p;
}

Parameter categorical(const std::string& name, std::vector<std::string> choices) {
  Parameter p;
  p.name = name;
  p.kind = ParamKind::kCategorical;
  p.choices = std::move(choices);
  return p;
}

/// A small, fast network: the tests pin behaviour, not accuracy at scale. The size defaults
/// give way to `fixed` and to tuned options.
ObjectiveSpec mlp_spec(std::uint64_t seed, std::map<std::string, std::string> fixed = {},
                       std::vector<Parameter> space = {}, std::string metric = "") {
  ObjectiveSpec spec;
  spec.model.kind = "mlp";
  spec.model.metric = std::move(metric);
  spec.space = Space(std::move(space));
  spec.seed = seed;
  spec.model.fixed = std::move(fixed);
  const std::map<std::string, std::string> small = {
      {"width", "16"}, {"epochs", "10"}, {"batch_size", "32"}};
  for (const auto& [name, value] : small) {
    if (spec.space.index_of(name) < 0) spec.model.fixed.emplace(name, value);
  }
  return spec;
}

std::vector<double> fold_errors(Objective& objective, const Config& config = {}) {
  std::vector<double> errors;
  for (int fold = 0; fold < objective.folds(); ++fold) {
    errors.push_back(objective.evaluate(config, 0, fold));
  }
  return errors;
}

double mean(const std::vector<double>& values) {
  double sum = 0.0;
  for (const double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

template <typename E>
std::string error_message(const std::function<void()>& action) {
  try {
    action();
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected the exception type";
  return "";
}

TEST(MlpObjective, SameSeedGivesBitIdenticalFoldErrorsWithOneThread) {
  const auto data = generated("classification");
  MlpObjective a(mlp_spec(11, {{"dropout", "0.2"}}, {}, "logloss"), data);
  MlpObjective b(mlp_spec(11, {{"dropout", "0.2"}}, {}, "logloss"), data);
  const std::vector<double> first = fold_errors(a);
  EXPECT_EQ(first, fold_errors(b));
  EXPECT_EQ(first, fold_errors(a));  // training leaves no state behind
}

TEST(MlpObjective, DifferentSeedsGiveDifferentFoldErrors) {
  const auto data = generated("classification");
  MlpObjective a(mlp_spec(11, {}, {}, "logloss"), data);
  MlpObjective b(mlp_spec(12, {}, {}, "logloss"), data);
  const std::vector<double> errors_a = fold_errors(a);
  const std::vector<double> errors_b = fold_errors(b);
  for (int fold = 0; fold < kFolds; ++fold) EXPECT_NE(errors_a[fold], errors_b[fold]) << fold;
}

TEST(MlpObjective, ConcurrentWorkerThreadsGetTheSameErrorsAsOneAfterTheOther) {
  const auto data = generated("classification");
  const ObjectiveSpec spec = mlp_spec(5, {{"dropout", "0.1"}}, {}, "logloss");
  MlpObjective reference(spec, data);
  const std::vector<double> expected = fold_errors(reference);
  std::vector<std::vector<double>> found(3);
  std::vector<std::thread> workers;
  for (auto& errors : found) {
    workers.emplace_back([&spec, &data, &errors] {
      MlpObjective own(spec, data);
      errors = fold_errors(own);
    });
  }
  for (std::thread& t : workers) t.join();
  for (const auto& errors : found) EXPECT_EQ(errors, expected);
}

TEST(MlpObjective, LearnsASeparableProblemFarBetterThanChance) {
  const auto data = generated("classification", 600, 8);
  MlpObjective objective(mlp_spec(1, {{"epochs", "20"}}), data);
  const std::vector<double> errors = fold_errors(objective);
  EXPECT_LT(mean(errors), 0.1) << "chance is 0.5 on two balanced classes";
  const double test = objective.test_error({}, 0);
  EXPECT_LT(test, 0.1);
  EXPECT_EQ(test, objective.test_error({}, 1));
}

TEST(MlpObjective, TunedOptionsOverrideFixedOnes) {
  const auto data = generated("classification");
  const Parameter epochs = numeric("epochs", ParamKind::kInt, 1, 30);
  const Parameter dropout = categorical("dropout", {"0", "0.5"});
  MlpObjective tuned(mlp_spec(2, {}, {epochs, dropout}, "logloss"), data);
  MlpObjective fixed_a(mlp_spec(2, {{"epochs", "1"}, {"dropout", "0.5"}}, {}, "logloss"), data);
  MlpObjective fixed_b(mlp_spec(2, {{"epochs", "30"}}, {}, "logloss"), data);
  EXPECT_EQ(tuned.evaluate({1.0, 1.0}, 0, 0), fixed_a.evaluate({}, 0, 0));
  EXPECT_EQ(tuned.evaluate({30.0, 0.0}, 0, 0), fixed_b.evaluate({}, 0, 0));
  EXPECT_LT(fixed_b.evaluate({}, 0, 0), fixed_a.evaluate({}, 0, 0)) << "30 epochs beat 1";
}

TEST(MlpObjective, RegressionRmseIsFiniteAndInTheTargetsUnits) {
  const auto data = generated("regression", 400);
  MlpObjective objective(mlp_spec(4), data);
  const double rmse = objective.evaluate({}, 0, 0);
  ASSERT_TRUE(std::isfinite(rmse));

  // The network learns the standardized target, so scaling y scales only the error.
  PreparedData scaled = *data;
  scaled.data.y *= 1000.0f;
  MlpObjective scaled_objective(mlp_spec(4), std::make_shared<const PreparedData>(scaled));
  EXPECT_NEAR(scaled_objective.evaluate({}, 0, 0) / rmse, 1000.0, 1.0);

  // And it beats predicting the validation mean, whose RMSE is the validation std.
  const Fold& fold = data->folds[0];
  double sum = 0.0, sum_sq = 0.0;
  for (const std::size_t r : fold.validation) sum += data->data.y[static_cast<Eigen::Index>(r)];
  const double y_mean = sum / static_cast<double>(fold.validation.size());
  for (const std::size_t r : fold.validation) {
    sum_sq += std::pow(data->data.y[static_cast<Eigen::Index>(r)] - y_mean, 2);
  }
  EXPECT_LT(rmse, std::sqrt(sum_sq / static_cast<double>(fold.validation.size())));
}

TEST(MlpObjective, RejectsMissingFeatureValuesNamingDataMissing) {
  PreparedData with_nan = *generated("classification");
  with_nan.data.X(5, 2) = std::numeric_limits<float>::quiet_NaN();
  const auto data = std::make_shared<const PreparedData>(with_nan);
  const std::string message =
      error_message<DataError>([&] { MlpObjective objective(mlp_spec(1), data); });
  EXPECT_THAT(message, AllOf(HasSubstr("data.missing"), HasSubstr("'x2'"), HasSubstr("row 6"),
                             HasSubstr("missing (NaN)")));
}

TEST(MlpObjective, RejectsUnknownOptionsListingTheValidOnes) {
  const auto data = generated("classification");
  const std::string fixed = error_message<JobError>([&] {
    MlpObjective objective(mlp_spec(1, {{"widht", "8"}}), data);
  });
  EXPECT_THAT(fixed, AllOf(HasSubstr("model.fixed.widht"), HasSubstr("layers, width")));
  const std::string tuned = error_message<JobError>([&] {
    MlpObjective objective(mlp_spec(1, {}, {numeric("momentum", ParamKind::kFloat, 0, 1)}), data);
  });
  EXPECT_THAT(tuned, AllOf(HasSubstr("space.momentum"), HasSubstr("learning_rate")));
}

TEST(MlpObjective, RejectsBadValuesNamingTheOptionAndValue) {
  const auto data = generated("classification");
  const auto fails = [&](std::map<std::string, std::string> fixed, std::vector<Parameter> space) {
    return error_message<JobError>([&] { MlpObjective o(mlp_spec(1, fixed, space), data); });
  };
  EXPECT_THAT(fails({{"dropout", "1"}}, {}),
              AllOf(HasSubstr("model.fixed.dropout"), HasSubstr("[0, 1)"), HasSubstr("'1'")));
  EXPECT_THAT(fails({{"epochs", "2.5"}}, {}), HasSubstr("'2.5'"));
  EXPECT_THAT(fails({{"width", "wide"}}, {}), HasSubstr("'wide'"));
  EXPECT_THAT(fails({}, {numeric("width", ParamKind::kInt, 0, 8)}),
              AllOf(HasSubstr("space.width"), HasSubstr("[0, 8]")));
  EXPECT_THAT(fails({}, {numeric("layers", ParamKind::kFloat, 1, 3)}),
              HasSubstr("found type float"));
  EXPECT_THAT(fails({}, {categorical("epochs", {"5", "many"})}), HasSubstr("'many'"));
  EXPECT_THAT(fails({{"epochs", "5"}}, {numeric("epochs", ParamKind::kInt, 1, 9)}),
              HasSubstr("model.fixed.epochs"));
}

TEST(MlpObjective, TestErrorNeedsTestRows) {
  MlpObjective objective(mlp_spec(1), generated("classification", 200, 6, 0.0));
  EXPECT_THROW(objective.test_error({}, 0), ModelError);
  EXPECT_THROW(objective.evaluate({}, 0, kFolds), std::out_of_range);
}

TEST(MlpStandardizer, UsesOnlyTheGivenRows) {
  Dataset::Matrix X(4, 2);
  X << 1, 5,  //
      3, 5,   //
      5, 5,   //
      1000, -7;
  const FeatureStandardizer s = fit_standardizer(X, {0, 1, 2});
  EXPECT_DOUBLE_EQ(s.mean[0], 3.0);
  EXPECT_DOUBLE_EQ(s.inv_scale[0], 1.0 / std::sqrt(8.0 / 3.0));  // population std
  EXPECT_DOUBLE_EQ(s.mean[1], 5.0);
  EXPECT_EQ(s.inv_scale[1], 0.0) << "constant on the fitted rows";

  const Dataset::Matrix z = standardize(X, {3, 0}, s);
  EXPECT_FLOAT_EQ(z(0, 0), static_cast<float>(997.0 / std::sqrt(8.0 / 3.0)));
  EXPECT_FLOAT_EQ(z(1, 0), static_cast<float>(-2.0 / std::sqrt(8.0 / 3.0)));
  EXPECT_EQ(z(0, 1), 0.0f) << "an unseen value of a constant column maps to 0";
}

TEST(MlpStandardizer, TargetScalerIsThePopulationMomentsOfTheTrainingRows) {
  const Eigen::VectorXf y = (Eigen::VectorXf(4) << 2, 4, 6, 100).finished();
  const TargetScaler t = fit_target_scaler(y, {0, 1, 2});
  EXPECT_DOUBLE_EQ(t.mean, 4.0);
  EXPECT_DOUBLE_EQ(t.scale, std::sqrt(8.0 / 3.0));
  EXPECT_EQ(fit_target_scaler(y, {3}).scale, 1.0) << "a constant target keeps scale 1";
}

TEST(MlpTraining, OutputsOneSoftmaxRowPerPredictedRow) {
  MlpProblem problem;
  problem.train_x = Dataset::Matrix::Random(30, 3);
  for (int i = 0; i < 30; ++i) problem.train_y.push_back(static_cast<float>(i % 3));
  problem.predict_x = Dataset::Matrix::Random(7, 3);
  problem.outputs = 3;
  const std::vector<float> p = train_mlp_and_predict(MlpOptions{}, problem, 9, 1);
  ASSERT_EQ(p.size(), 21u);
  for (int r = 0; r < 7; ++r) EXPECT_NEAR(p[3 * r] + p[3 * r + 1] + p[3 * r + 2], 1.0f, 1e-5f);
  EXPECT_EQ(p, train_mlp_and_predict(MlpOptions{}, problem, 9, 1));
  EXPECT_NE(p, train_mlp_and_predict(MlpOptions{}, problem, 10, 1));
}

}  // namespace
}  // namespace fermata
