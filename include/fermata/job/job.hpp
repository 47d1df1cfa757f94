#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <fermata/data/settings.hpp>
#include <fermata/objectives/settings.hpp>
#include <fermata/optimizer/settings.hpp>
#include <fermata/runtime/settings.hpp>
#include <fermata/space/space.hpp>
#include <fermata/stopping/settings.hpp>

namespace fermata {

/// @brief The job's `budget` block; budgets always apply, whatever the criterion.
struct BudgetSettings {
  int max_trials = 100;
  double max_seconds = 0.0;  ///< 0 = no wall-clock limit
};

/// @brief The job's `checkpoint` block.
struct CheckpointSettings {
  std::string path;            ///< default runs/<name>.h5
  double every_seconds = 0.0;  ///< 0 = after every completed trial
};

/// @brief A parsed, validated job file with every default resolved (DESIGN.md §4).
/// Defaults are the member initializers of the settings structs; parsing starts from a
/// default-constructed Job. Resolved on parse: `name` (the job file's stem),
/// `checkpoint.path` (runs/<name>.h5), `model.metric` (error, or rmse for regression),
/// `data.task` (follows `data.generate.kind`), `cv.stratified` (always false for regression).
/// Required: `data` (with `path` or `generate`) and `space` (at least one parameter; each
/// with `type`, plus `low` and `high` for float/int or `choices` for categorical; `log`
/// defaults to false).
struct Job {
  std::string file;  ///< where it came from, for messages; not part of the YAML
  std::string name;  ///< default: the job file's stem
  std::uint64_t seed = 1;
  DataSettings data;
  CvSettings cv;
  ModelSettings model;
  Space space;
  OptimizerSettings optimizer;
  BudgetSettings budget;
  StoppingSettings stopping;
  CheckpointSettings checkpoint;
  RuntimeSettings runtime;
};

/// @brief Parses and validates a job file. `overrides` are "key.path=value" strings (from
/// --set) applied to the YAML before validation: the value is parsed as YAML and missing
/// intermediate mappings are created. Relative data and checkpoint paths are kept as written,
/// i.e. relative to the current directory (as a user types them). Unknown keys are errors.
/// Throws JobError naming the file, the key, its line, what was expected and what was found.
Job load_job(const std::string& path, const std::vector<std::string>& overrides = {});

/// @brief Same as load_job on YAML text; `file` is only used in messages.
Job parse_job(const std::string& yaml, const std::string& file,
              const std::vector<std::string>& overrides = {});

/// @brief The fully resolved job as YAML (every key, every default); parse_job of it gives
/// the same job. This is what the checkpoint stores and `fermata validate` prints.
std::string to_yaml(const Job& job);

}  // namespace fermata
