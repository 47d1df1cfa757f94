#include "objectives/xgboost_objective.hpp"

#include <utility>

namespace fermata {
namespace {

constexpr int kDefaultRounds = 100;

}  // namespace

XGBoostObjective::XGBoostObjective(const ObjectiveSpec& spec,
                                   std::shared_ptr<const PreparedData> data)
    : spec_(spec), trainer_(spec, std::move(data)) {}

BoosterSetup XGBoostObjective::setup(const Config& config, int split) const {
  BoosterSetup out;
  out.params = trainer_.base_params(split);
  out.rounds = kDefaultRounds;
  for (const auto& [name, option] : model_options(spec_, config)) {
    if (name == "n_estimators") {
      out.rounds = positive_int_option(option);
    } else {
      out.params[name] = option.value;
    }
  }
  return out;
}

double XGBoostObjective::evaluate(const Config& config, std::int64_t /*trial*/, int fold) {
  return trainer_.score_fold(fold, setup(config, fold));
}

double XGBoostObjective::test_error(const Config& config, std::int64_t /*trial*/) {
  return trainer_.score_test(setup(config, BoosterTrainer::kTestSplit));
}

}  // namespace fermata
