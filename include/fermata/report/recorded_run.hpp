#pragma once

#include <string>
#include <vector>

#include <fermata/job/job.hpp>
#include <fermata/study/study.hpp>
#include <fermata/study/trial.hpp>

namespace fermata {

/// @brief A finished or running study reduced to what judging a stopping criterion offline
/// needs: the job, the completed trials in the order they completed, and the folds' ratio of
/// validation to training rows.
struct RecordedRun {
  std::string name;
  Job job;
  std::vector<Trial> trials;
  double validation_ratio = kNaN;  ///< NaN: unknown, equal folds are assumed
};

/// @brief Reads a checkpoint (.h5, .hdf5) or a history CSV (plain or gzipped). The job comes
/// from `job_path` when it is not empty, otherwise from the file (a checkpoint's, or the `#| `
/// lines of a recorded history). The validation ratio comes from the history's header, or
/// else from the job's data (loaded only when the model reads data). `require_timing` demands
/// fold seconds and test errors of a history. Throws JobError when neither the file nor
/// `job_path` gives a job, DataError or CheckpointError naming the file otherwise.
RecordedRun load_recorded_run(const std::string& path, const std::string& job_path = "",
                              bool require_timing = false);

/// @brief The recorded-run text of a study (recorded_history_csv with the run's name, its job
/// and the validation ratio of its folds, computed from the job's data when the model reads
/// data).
std::string recorded_run_text(const Study& study);

}  // namespace fermata
