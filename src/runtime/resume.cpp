#include <fermata/runtime/resume.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include <yaml-cpp/yaml.h>

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

std::string data_difference(const Study& study, const Job& job);

/// The first key under `where` whose value differs between `given` and `stored`, named by
/// its full path ("data.generate.rows is '400' in the job but '300' in the checkpoint").
std::string node_difference(const std::string& where, const YAML::Node& given,
                            const YAML::Node& stored) {
  if (given.IsMap() && stored.IsMap()) {
    std::set<std::string> keys;
    for (const YAML::Node* block : {&given, &stored}) {
      for (const auto& entry : *block) keys.insert(entry.first.as<std::string>());
    }
    for (const std::string& key : keys) {
      std::string why = node_difference(where + "." + key, given[key], stored[key]);
      if (!why.empty()) return why;
    }
    return "";
  }
  auto text = [](const YAML::Node& node) {
    if (!node.IsDefined() || node.IsNull()) return std::string("(absent)");
    return node.IsScalar() ? node.Scalar() : YAML::Dump(node);
  };
  // A key the checkpoint's job does not have came with a newer fermata and has its default.
  if (!stored.IsDefined()) return "";
  const std::string a = text(given), b = text(stored);
  if (a == b) return "";
  return where + " is '" + a + "' in the job but '" + b + "' in the checkpoint";
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
  if (std::string why = data_difference(study, job); !why.empty()) return why;
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

/// read_checkpoint, with a damaged file's error saying whether the checkpoint before it
/// (path.prev) is intact and how to resume from it.
Study read_intact_checkpoint(const std::string& path) {
  try {
    return read_checkpoint(path);
  } catch (const CheckpointError& e) {
    const std::string previous = previous_checkpoint_path(path);
    std::string advice;
    if (!std::filesystem::exists(previous)) {
      advice = "; no earlier checkpoint (" + previous + ") exists";
    } else {
      try {
        const Study before = read_checkpoint(previous);
        advice = "; the checkpoint before it, " + previous + ", is intact (" +
                 std::to_string(before.count(TrialState::kComplete)) +
                 " complete trials): copy it over " + path + " to resume from there";
      } catch (const CheckpointError&) {
        advice = "; the checkpoint before it, " + previous + ", is damaged too";
      }
    }
    throw CheckpointError(std::string(e.what()) + advice);
  }
}

/// The first key of the data block that differs between the job and the checkpoint's copy
/// of the job it was started with, or "": other data would make every fold error wrong.
std::string data_difference(const Study& study, const Job& job) {
  if (study.job_yaml.empty()) return "";
  YAML::Node stored, given;
  try {
    stored = YAML::Load(study.job_yaml)["data"];
    given = YAML::Load(to_yaml(job))["data"];
  } catch (const YAML::Exception&) {
    return "";  // an unreadable stored job was already reported by the reader
  }
  return node_difference("data", given, stored);
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
  Study study = read_intact_checkpoint(path);
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
