#include <fermata/report/recorded_run.hpp>

#include <cmath>
#include <filesystem>

#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/core/error.hpp>
#include <fermata/data/load.hpp>
#include <fermata/data/text_file.hpp>
#include <fermata/objectives/objective.hpp>
#include <fermata/study/history_csv.hpp>

namespace fermata {
namespace {

bool is_checkpoint(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  return ext == ".h5" || ext == ".hdf5";
}

/// n_val / n_train of the folds the run used, rebuilt from its data and seed.
double data_validation_ratio(const Job& job) {
  if (!objective_uses_data(job.model)) return kNaN;
  return validation_ratio(prepare_data(job.data, job.cv, job.seed).folds);
}

/// The name of a run's file without its directory and extensions.
std::string stem(const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  return name.substr(0, name.find('.'));
}

}  // namespace

RecordedRun load_recorded_run(const std::string& path, const std::string& job_path,
                              bool require_timing) {
  RecordedRun run;
  if (is_checkpoint(path)) {
    const Study study = read_checkpoint(path);
    run.name = study.name;
    run.job =
        job_path.empty() ? parse_job(study.job_yaml, path + " (its job)") : load_job(job_path);
    for (const Trial* t : study.completed_in_order()) run.trials.push_back(*t);
    run.validation_ratio = data_validation_ratio(run.job);
    return run;
  }
  const std::string text = read_text_file(path);
  const HistoryHeader header = parse_history_header(text, path);
  if (job_path.empty() && header.job_yaml.empty()) {
    throw JobError(path +
                   ": a history without the job that made it (no '#| ' lines): give the job "
                   "with --job JOB.yaml");
  }
  run.job = job_path.empty() ? parse_job(header.job_yaml, path + " (its job)") : load_job(job_path);
  run.name = header.run.empty() ? stem(path) : header.run;
  run.trials = parse_history_csv(text, path, run.job.space, run.job.cv.folds, require_timing);
  run.validation_ratio = std::isfinite(header.validation_ratio) ? header.validation_ratio
                                                                : data_validation_ratio(run.job);
  return run;
}

std::string recorded_run_text(const Study& study) {
  const Job job = parse_job(study.job_yaml, study.name + " (its job)");
  HistoryHeader header;
  header.run = study.name;
  header.job_yaml = study.job_yaml;
  header.validation_ratio = data_validation_ratio(job);
  return recorded_history_csv(study.completed_in_order(), study.space, study.folds, header);
}

}  // namespace fermata
