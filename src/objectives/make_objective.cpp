#include <fermata/core/error.hpp>
#include <fermata/objectives/objective.hpp>

#include "objectives/synthetic_objective.hpp"
#include "objectives/xgboost_objective.hpp"

namespace fermata {

std::unique_ptr<Objective> make_objective(const ObjectiveSpec& spec,
                                          std::shared_ptr<const PreparedData> data) {
  if (spec.model.kind == "synthetic") return std::make_unique<SyntheticObjective>(spec);
  if (spec.model.kind == "xgboost")
    return std::make_unique<XGBoostObjective>(spec, std::move(data));
  throw JobError("model.kind: expected xgboost or synthetic, found '" + spec.model.kind + "'");
}

bool objective_uses_data(const ModelSettings& model) {
  return model.kind != "synthetic";
}

std::unique_ptr<Objective> make_objective(const ObjectiveSpec& spec) {
  if (!objective_uses_data(spec.model)) return make_objective(spec, nullptr);
  return make_objective(
      spec, std::make_shared<const PreparedData>(prepare_data(spec.data, spec.cv, spec.seed)));
}

}  // namespace fermata
