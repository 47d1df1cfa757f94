#include <fermata/runtime/resume.hpp>

#include <algorithm>
#include <filesystem>

#include <spdlog/spdlog.h>

#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/core/error.hpp>

namespace fermata {
namespace {

Study new_study(const Job& job) {
  Study study;
  study.name = job.name;
  study.job_yaml = to_yaml(job);
  study.seed = job.seed;
  study.folds = job.cv.folds;
  study.space = job.space;
  return study;
}

/// The first difference that would make resuming `study` under `job` wrong, or "".
std::string incompatibility(const Study& study, const Job& job) {
  if (study.seed != job.seed) {
    return "seed is " + std::to_string(job.seed) + " in the job but " + std::to_string(study.seed) +
           " in the checkpoint";
  }
  if (study.folds != job.cv.folds) {
    return "cv.folds is " + std::to_string(job.cv.folds) + " in the job but " +
           std::to_string(study.folds) + " in the checkpoint";
  }
  const auto& a = job.space.parameters();
  const auto& b = study.space.parameters();
  if (a.size() != b.size()) {
    return "the space has " + std::to_string(a.size()) + " parameters in the job but " +
           std::to_string(b.size()) + " in the checkpoint";
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) {
      return "space parameter '" + a[i].name + "' differs from the checkpoint's '" + b[i].name +
             "'";
    }
  }
  return "";
}

}  // namespace

Study open_study(const Job& job, bool resume) {
  const std::string& path = job.checkpoint.path;
  const bool exists = std::filesystem::exists(path);
  if (!resume) {
    if (exists) {
      throw JobError("checkpoint " + path + " already exists: add --resume to continue it, or " +
                     "remove the file to start over");
    }
    return new_study(job);
  }
  if (!exists) {
    spdlog::info("no checkpoint at {} yet: starting a new study", path);
    return new_study(job);
  }
  Study study = read_checkpoint(path);
  if (const std::string why = incompatibility(study, job); !why.empty()) {
    throw CheckpointError("cannot resume " + path + " with " + job.file + ": " + why +
                          " (the checkpoint is unchanged)");
  }
  study.job_yaml = to_yaml(job);
  spdlog::info("resuming {}: {} trials, {} complete", path, study.trials.size(),
               study.count(TrialState::kComplete));
  return study;
}

void restore_optimizer(Optimizer& optimizer, const Study& study) {
  if (study.trials.empty()) return;
  // In the order the optimizer was told about them.
  std::vector<Observation> observed;
  for (const Trial* t : study.completed_in_order()) observed.push_back({t->params, t->value});
  optimizer.restore(study.optimizer, observed);
}

}  // namespace fermata
