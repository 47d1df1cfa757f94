#pragma once

#include <cstdint>
#include <memory>

#include <fermata/data/load.hpp>
#include <fermata/data/settings.hpp>
#include <fermata/objectives/settings.hpp>
#include <fermata/space/space.hpp>

namespace fermata {

/// @brief What a worker runs: the validation error of one configuration on one fold.
class Objective {
 public:
  virtual ~Objective() = default;

  /// Lower is better. Throws (any exception) when the model fails; the worker turns that
  /// into a failed fold.
  virtual double evaluate(const Config& config, std::int64_t trial, int fold) = 0;

  /// @brief The `attempt`-th try of a fold (0 = the first), what workers call. A model whose
  /// failures differ between attempts (the synthetic model's simulated flaky folds) overrides
  /// it; the others train the same way every time.
  virtual double evaluate_attempt(const Config& config, std::int64_t trial, int fold,
                                  int /*attempt*/) {
    return evaluate(config, trial, fold);
  }

  /// @brief The error on the held-out test set of the model trained with `config` on every
  /// non-test row (the union of the folds), in the same metric as `evaluate`. Called for
  /// each new incumbent; throws like `evaluate` when the model fails.
  virtual double test_error(const Config& config, std::int64_t trial) = 0;

  /// Number of folds this objective evaluates.
  virtual int folds() const = 0;
};

/// @brief Everything needed to build an objective, identically on every rank.
struct ObjectiveSpec {
  Space space;
  ModelSettings model;
  DataSettings data;
  CvSettings cv;
  std::uint64_t seed = 0;
};

/// @brief The objective of `spec.model.kind`; loads the data and builds the fold plan.
/// Throws JobError for an unknown kind, DataError for bad data.
std::unique_ptr<Objective> make_objective(const ObjectiveSpec& spec);

/// @brief Checks, without loading data, that every name in `spec.space` and
/// `spec.model.fixed` is an option the model of `spec.model.kind` reads (for xgboost and
/// random_forest: a parameter XGBoost itself reports, or one fermata's model adds), and for
/// `command` that placeholders and parameters match. Throws JobError naming the key, the name
/// found and the closest valid name.
void check_model_options(const ObjectiveSpec& spec);

/// @brief Whether the model of `model.kind` trains on the job's data (the synthetic
/// functions do not).
bool objective_uses_data(const ModelSettings& model);

/// @brief Same, on data already prepared (shared read-only by local worker threads).
std::unique_ptr<Objective> make_objective(const ObjectiveSpec& spec,
                                          std::shared_ptr<const PreparedData> data);

}  // namespace fermata
