#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fermata/space/space.hpp>
#include <fermata/study/trial.hpp>

namespace fermata {

/// @brief The optimizer's own state, stored in `/optimizer` so a resume continues the same
/// sequence: scalars by name, vectors by name, and an engine state as text.
struct OptimizerState {
  std::string kind;
  std::map<std::string, double> scalars;
  std::map<std::string, std::vector<double>> vectors;
  std::string rng;
};

/// @brief Why and when the run stopped, and every evaluation of the stopping criteria:
/// `history[column][row]` (contract columns: n_trials, regret_bound, statistical_error,
/// beta, decision, ...).
struct StoppingRecord {
  std::string criterion = "none";
  bool stopped = false;
  std::string reason;
  std::map<std::string, std::vector<double>> history;
};

/// @brief A categorical feature of the data (a text column of a table) as the run saw it:
/// stored under `/data/categorical` so a user can tell which texts the models knew.
struct CategoricalFeature {
  std::string column;                   ///< the feature's column name
  std::int64_t feature = 0;             ///< 0-based feature index (the target not counted)
  std::vector<std::string> categories;  ///< sorted byte-wise, as seen on the non-test rows
  /// Per fold and category, 1 when the category occurs in that fold's training rows (it has a
  /// code in that fold), 0 when the fold's models see it as missing: [folds][categories].
  std::vector<std::vector<std::int8_t>> in_fold_training;
};

/// @brief The whole state of a tuning run: what is checkpointed and what reports read.
struct Study {
  std::string name;
  std::string job_yaml;  ///< the resolved job, as text
  /// The data's classes and the labels they stand for ("2 classes: 0='no' (...), ..."),
  /// empty for regression and for models that read no data.
  std::string classes;
  /// The data's categorical features, in feature order; empty when there are none, for
  /// models that read no data, and in checkpoints written before they were recorded.
  std::vector<CategoricalFeature> categorical;
  std::uint64_t seed = 0;
  int folds = 1;
  Space space;
  std::vector<Trial> trials;
  OptimizerState optimizer;
  StoppingRecord stopping;
  double created_utc = 0.0;  ///< unix seconds
  double updated_utc = 0.0;
  /// The run's wall time in seconds, summed over every session (the first run and each
  /// resume) up to the last checkpoint: what budget.max_seconds counts. 0 in checkpoints
  /// written before it was recorded.
  double elapsed_seconds = 0.0;

  /// Adds a pending trial with the next id and returns it.
  Trial& add_trial(Config params);
  Trial* find(std::int64_t id);

  std::size_t count(TrialState state) const;
  /// Index (into trials) of the complete trial with the lowest value; ties → earliest.
  std::optional<std::size_t> incumbent() const;
  /// The complete trials in the order they completed (by finish time, ties by id): the
  /// order the optimizer and the stopping criteria saw them.
  std::vector<const Trial*> completed_in_order() const;
  /// Sum of all finished folds' seconds.
  double training_seconds() const;
  /// Seconds from the first trial's first dispatch to the last result; NaN before any.
  double wall_seconds() const;
};

}  // namespace fermata
