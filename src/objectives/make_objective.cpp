#include <fermata/core/error.hpp>
#include <fermata/objectives/objective.hpp>

#include "objectives/command_objective.hpp"
#if FERMATA_HAVE_TORCH
#include "objectives/mlp_objective.hpp"
#endif
#include "objectives/mlp_options.hpp"
#include "objectives/random_forest_objective.hpp"
#include "objectives/synthetic_objective.hpp"
#include "objectives/xgboost_objective.hpp"
#include "objectives/xgboost_parameters.hpp"

namespace fermata {
namespace {

/// This build's answer to `model.kind: mlp` when it was made without libtorch.
[[noreturn]] void no_mlp_in_this_build() {
  throw JobError(
      "model.kind: mlp needs libtorch, and this fermata was built without it: install Debian's "
      "libtorch-dev (FERMATA_PACKAGES=\"runtime mlp\" cluster/setup.sh) and build again");
}

}  // namespace

std::unique_ptr<Objective> make_objective(const ObjectiveSpec& spec,
                                          std::shared_ptr<const PreparedData> data) {
  if (spec.model.kind == "synthetic") return std::make_unique<SyntheticObjective>(spec);
  if (spec.model.kind == "command") return std::make_unique<CommandObjective>(spec);
  if (spec.model.kind == "mlp") {
#if FERMATA_HAVE_TORCH
    return std::make_unique<MlpObjective>(spec, std::move(data));
#else
    no_mlp_in_this_build();
#endif
  }
  if (spec.model.kind == "random_forest")
    return std::make_unique<RandomForestObjective>(spec, std::move(data));
  if (spec.model.kind == "xgboost")
    return std::make_unique<XGBoostObjective>(spec, std::move(data));
  throw JobError("model.kind: expected xgboost, random_forest, mlp, command or synthetic, found '" +
                 spec.model.kind + "'");
}

void check_model_options(const ObjectiveSpec& spec) {
  // The models that read their options themselves check them on construction, which needs no
  // data and has no side effect; the XGBoost-based ones ask XGBoost which names it knows.
  if (spec.model.kind == "synthetic") {
    SyntheticObjective{spec};
  } else if (spec.model.kind == "command") {
    CommandObjective{spec};
  } else if (spec.model.kind == "mlp") {
    if (!FERMATA_HAVE_TORCH) no_mlp_in_this_build();
    MlpOptionReader{spec.model.fixed, spec.space};
  } else if (spec.model.kind == "random_forest") {
    check_booster_option_names(spec, RandomForestObjective::own_option_names());
  } else if (spec.model.kind == "xgboost") {
    check_booster_option_names(spec, XGBoostObjective::own_option_names());
  } else {
    make_objective(spec, nullptr);  // throws JobError naming the valid kinds
  }
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
