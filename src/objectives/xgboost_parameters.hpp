#pragma once

// Which parameter names XGBoost itself accepts, so that a misspelt option in a job is an error
// at start-up rather than a parameter XGBoost silently ignores.

#include <map>
#include <set>
#include <string>
#include <vector>

#include <fermata/objectives/objective.hpp>

namespace fermata {

/// @brief Every parameter name XGBoost accepts with the given structural parameters (booster,
/// objective, tree_method, updater, num_class), read from XGBoost the way its own
/// `validate_parameters` reads them: the keys of every `*_param` object in the configuration
/// XGBoosterSaveJsonConfig reports for a configured booster, the keys of the global
/// configuration, and `eval_metric`. Aliases (learning_rate for eta, ...) are among them.
/// Throws ModelError with XGBoost's message when it rejects a structural value.
std::set<std::string> xgboost_parameter_names(const std::map<std::string, std::string>& structural);

/// @brief Checks every name in `spec.space` and `spec.model.fixed` against the names XGBoost
/// accepts for every combination of the job's booster, objective and tree_method (the
/// task's default objectives when the job sets none) plus `own_names` (the options fermata's
/// model reads itself, such as n_estimators). Throws JobError naming the first unknown key,
/// the name found and the closest valid name; or naming the structural keys XGBoost rejects.
void check_booster_option_names(const ObjectiveSpec& spec,
                                const std::vector<std::string>& own_names);

}  // namespace fermata
