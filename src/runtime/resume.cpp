#include <fermata/runtime/resume.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include <spdlog/spdlog.h>

#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/core/error.hpp>
#include <fermata/core/spelling.hpp>

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

std::string stored_job_difference(const Study& study, const Job& job);

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
  if (std::string why = stored_job_difference(study, job); !why.empty()) return why;
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

/// `value` of `where` as the job and the checkpoint give it, or "" when they agree.
std::string value_difference(const std::string& where, const std::string& given,
                             const std::string& stored) {
  if (given == stored) return "";
  const auto text = [](const std::string& v) { return v.empty() ? "(absent)" : "'" + v + "'"; };
  return where + " is " + text(given) + " in the job but " + text(stored) + " in the checkpoint";
}

/// The first key of the model's identity that differs between the job and the stored job.
/// Kind, metric, the fixed options and a command's program define what a fold error measures:
/// changing them would mix the errors of two different models in one study. `threads` and
/// `timeout_seconds` change only how a fold runs, so a resume may change them.
std::string model_difference(const ModelSettings& model, const YAML::Node& stored) {
  if (!stored.IsMap()) return "";
  // A key the stored job lacks came from a fermata that had none: nothing to compare.
  for (const auto& [key, value] : {std::pair{"kind", &model.kind}, {"metric", &model.metric}}) {
    const YAML::Node node = stored[key];
    if (!node.IsDefined()) continue;
    const std::string then = node.IsScalar() ? node.Scalar() : std::string();
    if (std::string why = value_difference(std::string("model.") + key, *value, then);
        !why.empty()) {
      return why;
    }
  }
  if (!stored["fixed"].IsDefined()) return "";
  std::map<std::string, std::string> fixed;
  if (stored["fixed"].IsMap()) {
    for (const auto& entry : stored["fixed"]) {
      fixed[entry.first.as<std::string>()] = entry.second.IsScalar() ? entry.second.Scalar() : "";
    }
  }
  std::set<std::string> keys;
  for (const auto& [key, value] : fixed) keys.insert(key);
  for (const auto& [key, value] : model.fixed) keys.insert(key);
  for (const std::string& key : keys) {
    const auto now = model.fixed.find(key);
    const auto then = fixed.find(key);
    if (std::string why =
            value_difference("model.fixed." + key, now == model.fixed.end() ? "" : now->second,
                             then == fixed.end() ? "" : then->second);
        !why.empty()) {
      return why;
    }
  }
  if (stored["command"].IsDefined() && stored["command"].IsSequence()) {
    const auto program = stored["command"].as<std::vector<std::string>>();
    if (program != model.command) {
      return "model.command is [" + join_words(model.command) + "] in the job but [" +
             join_words(program) + "] in the checkpoint";
    }
  }
  return "";
}

/// The first key of the data block or of the model's identity that differs between the job
/// and the checkpoint's copy of the job it was started with, or "".
std::string stored_job_difference(const Study& study, const Job& job) {
  if (study.job_yaml.empty()) return "";
  YAML::Node stored, given;
  try {
    stored = YAML::Load(study.job_yaml);
    given = YAML::Load(to_yaml(job));
  } catch (const YAML::Exception&) {
    return "";  // an unreadable stored job was already reported by the reader
  }
  if (std::string why = node_difference("data", given["data"], stored["data"]); !why.empty()) {
    return why;
  }
  return model_difference(job.model, stored["model"]);
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

std::vector<Observation> completed_observations(const Study& study) {
  std::vector<Observation> observed;
  for (const Trial* t : study.completed_in_order()) observed.push_back({t->params, t->value});
  return observed;
}

void restore_optimizer(Optimizer& optimizer, const Study& study) {
  if (study.trials.empty()) return;
  optimizer.restore(study.optimizer, completed_observations(study));
}

}  // namespace fermata
