#include <fermata/core/error.hpp>
#include <fermata/objectives/objective.hpp>

#include "objectives/command_objective.hpp"
#include "objectives/mlp_objective.hpp"
#include "objectives/random_forest_objective.hpp"
#include "objectives/synthetic_objective.hpp"
#include "objectives/xgboost_objective.hpp"

namespace fermata {

std::unique_ptr<Objective> make_objective(const ObjectiveSpec& spec,
                                          std::shared_ptr<const PreparedData> data) {
  if (spec.model.kind == "synthetic") return std::make_unique<SyntheticObjective>(spec);
  if (spec.model.kind == "command") return std::make_unique<CommandObjective>(spec);
  if (spec.model.kind == "mlp") return std::make_unique<MlpObjective>(spec, std::move(data));
  if (spec.model.kind == "random_forest")
    return std::make_unique<RandomForestObjective>(spec, std::move(data));
  if (spec.model.kind == "xgboost")
    return std::make_unique<XGBoostObjective>(spec, std::move(data));
  throw JobError("model.kind: expected xgboost, random_forest, mlp, command or synthetic, found '" +
                 spec.model.kind + "'");
}

bool objective_uses_data(const ModelSettings& model) {
  // The synthetic functions need no data; a command reads the data itself.
  return model.kind != "synthetic" && model.kind != "command";
}

std::unique_ptr<Objective> make_objective(const ObjectiveSpec& spec) {
  if (!objective_uses_data(spec.model)) return make_objective(spec, nullptr);
  return make_objective(
      spec, std::make_shared<const PreparedData>(prepare_data(spec.data, spec.cv, spec.seed)));
}

}  // namespace fermata
