// to_yaml: the resolved job, every key in the order of DESIGN.md §4.
#include <algorithm>
#include <fermata/job/job.hpp>
#include <fermata/stopping/criterion.hpp>
#include <fermata/stopping/options.hpp>

#include <yaml-cpp/yaml.h>

#include "job/job_blocks.hpp"
#include "job/number_text.hpp"

namespace fermata {

namespace {

using job_yaml::format_number;

void emit_number(YAML::Emitter& out, const char* key, double value) {
  out << YAML::Key << key << YAML::Value << format_number(value);
}

template <typename T>
void emit(YAML::Emitter& out, const char* key, const T& value) {
  out << YAML::Key << key << YAML::Value << value;
}

void emit_data(YAML::Emitter& out, const DataSettings& data) {
  out << YAML::Key << "data" << YAML::Value << YAML::BeginMap;
  if (!data.generate) emit(out, "path", data.path);
  emit(out, "target", data.target);
  emit(out, "task", job_yaml::task_name(data.task));
  emit_number(out, "test_fraction", data.test_fraction);
  emit(out, "format", to_string(data.format));
  emit(out, "missing", to_string(data.missing));
  emit(out, "x_dataset", data.x_dataset);
  emit(out, "y_dataset", data.y_dataset);
  if (data.generate) {
    const GenerateSettings& g = *data.generate;
    out << YAML::Key << "generate" << YAML::Value << YAML::BeginMap;
    emit(out, "kind", g.kind);
    emit(out, "rows", g.rows);
    emit(out, "features", g.features);
    emit(out, "informative", g.informative);
    emit(out, "classes", g.classes);
    emit_number(out, "label_noise", g.label_noise);
    emit_number(out, "noise", g.noise);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

void emit_model(YAML::Emitter& out, const ModelSettings& model) {
  out << YAML::Key << "model" << YAML::Value << YAML::BeginMap;
  emit(out, "kind", model.kind);
  emit(out, "threads", model.threads);
  emit(out, "metric", model.metric);
  out << YAML::Key << "fixed" << YAML::Value;
  if (model.fixed.empty()) out << YAML::Flow;  // "fixed: {}" rather than "{}" on its own line
  out << YAML::BeginMap;
  for (const auto& [key, value] : model.fixed) emit(out, key.c_str(), value);
  out << YAML::EndMap;
  // Only the command model has these; another kind would refuse them when read back.
  if (model.kind == "command") {
    out << YAML::Key << "command" << YAML::Value << YAML::Flow << model.command;
    emit_number(out, "timeout_seconds", model.timeout_seconds);
    emit(out, "persistent", model.persistent);
  }
  out << YAML::EndMap;
}

void emit_space(YAML::Emitter& out, const Space& space) {
  out << YAML::Key << "space" << YAML::Value << YAML::BeginMap;
  for (const Parameter& p : space.parameters()) {
    // One line per parameter, as people write them.
    out << YAML::Key << p.name << YAML::Value << YAML::Flow << YAML::BeginMap;
    emit(out, "type", to_string(p.kind));
    if (p.kind == ParamKind::kCategorical) {
      out << YAML::Key << "choices" << YAML::Value << YAML::Flow << p.choices;
    } else {
      emit_number(out, "low", p.low);
      emit_number(out, "high", p.high);
      emit(out, "log", p.log);
    }
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

void emit_stopping(YAML::Emitter& out, const StoppingSettings& stopping) {
  out << YAML::Key << "stopping" << YAML::Value << YAML::BeginMap;
  emit(out, "criterion", stopping.criterion);
  // The options the acting criterion and the monitors read; with none, every option (they
  // configure `fermata criterion` on the run's history).
  const std::vector<std::string> read = options_read(stopping);
  for (const StoppingOption& option : stopping_options()) {
    const bool wanted = stopping.criterion == "none" ||
                        std::find(read.begin(), read.end(), option.key) != read.end();
    if (!wanted) continue;
    if (option.integer) {
      emit(out, option.key.c_str(), stopping.integer(option.key));
    } else {
      emit_number(out, option.key.c_str(), stopping.number(option.key));
    }
  }
  out << YAML::Key << "monitor" << YAML::Value << YAML::Flow << stopping.monitor;
  out << YAML::EndMap;
}

}  // namespace

std::string to_yaml(const Job& job) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  emit(out, "name", job.name);
  emit(out, "seed", job.seed);
  if (!job.data.path.empty() || job.data.generate) emit_data(out, job.data);

  out << YAML::Key << "cv" << YAML::Value << YAML::BeginMap;
  emit(out, "folds", job.cv.folds);
  emit(out, "stratified", job.cv.stratified);
  out << YAML::EndMap;

  emit_model(out, job.model);
  emit_space(out, job.space);

  out << YAML::Key << "optimizer" << YAML::Value << YAML::BeginMap;
  emit(out, "kind", job.optimizer.kind);
  emit(out, "initial_trials", job.optimizer.initial_trials);
  emit(out, "acquisition", job.optimizer.acquisition);
  out << YAML::EndMap;

  out << YAML::Key << "budget" << YAML::Value << YAML::BeginMap;
  emit(out, "max_trials", job.budget.max_trials);
  emit_number(out, "max_seconds", job.budget.max_seconds);
  out << YAML::EndMap;

  emit_stopping(out, job.stopping);

  out << YAML::Key << "checkpoint" << YAML::Value << YAML::BeginMap;
  emit(out, "path", job.checkpoint.path);
  emit_number(out, "every_seconds", job.checkpoint.every_seconds);
  out << YAML::EndMap;

  out << YAML::Key << "runtime" << YAML::Value << YAML::BeginMap;
  emit(out, "max_retries", job.runtime.max_retries);
  emit(out, "max_failed_trials", job.runtime.max_failed_trials);
  emit(out, "synchronous", job.runtime.synchronous);
  emit(out, "batch_size", job.runtime.batch_size);
  out << YAML::EndMap;

  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace fermata
