#pragma once

#include <string>
#include <vector>

#include <fermata/job/job.hpp>

#include "job/yaml_reader.hpp"

namespace fermata::job_yaml {

/// The names a job file may use; messages list them when a value is not one of them.
inline const std::vector<std::string> kTaskNames = {"classification", "regression"};

/// @brief "classification" or "regression", as the job file spells it.
inline std::string task_name(Task task) {
  return task == Task::kRegression ? "regression" : "classification";
}

// Each reads its block from the top-level mapping, validates it and resolves its defaults.

/// @brief `data` (required, with `path` or `generate`); the task follows generate's kind.
DataSettings parse_data(const MapReader& top);
/// @brief `cv`; `stratified` is forced off for regression, where it means nothing.
CvSettings parse_cv(const MapReader& top, Task task);
/// @brief `model`; an empty metric resolves to error (classification) or rmse (regression).
ModelSettings parse_model(const MapReader& top, Task task);
/// @brief `space` (required, at least one parameter), validated by fermata::Space.
Space parse_space(const MapReader& top);
OptimizerSettings parse_optimizer(const MapReader& top);
BudgetSettings parse_budget(const MapReader& top);
/// @brief `stopping`; without a criterion, robust-regret-bound acts when cv.folds >= 2 (none
/// otherwise). Every criterion named is checked by make_criterion; an option that no named
/// criterion reads is an error unless the criterion is none.
StoppingSettings parse_stopping(const MapReader& top, const CvSettings& cv);
/// @brief `checkpoint`; the path defaults to runs/<name>.h5.
CheckpointSettings parse_checkpoint(const MapReader& top, const std::string& name);
RuntimeSettings parse_runtime(const MapReader& top);

}  // namespace fermata::job_yaml
