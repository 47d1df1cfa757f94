// The job's blocks other than `data` and `space`, each into its default-constructed
// settings struct, which holds the documented defaults.
#include <algorithm>
#include <cstddef>

#include <fermata/core/error.hpp>
#include <fermata/stopping/criterion.hpp>
#include <fermata/stopping/options.hpp>

#include <fermata/core/spelling.hpp>
#include "job/job_blocks.hpp"
#include "job/number_text.hpp"

namespace fermata::job_yaml {

CvSettings parse_cv(const MapReader& top, Task task) {
  const MapReader cv = top.child("cv", {"folds", "stratified"});
  CvSettings out;
  cv.read("folds", out.folds, Range::at_least(1));
  cv.read("stratified", out.stratified);
  if (task == Task::kRegression) out.stratified = false;
  return out;
}

namespace {

/// `model.command`: a non-empty list of strings, the program first. A single string is refused
/// rather than split, since there is no shell to split it the way the user expects.
std::vector<std::string> parse_command(const MapReader& model) {
  const std::string example = "e.g. [python3, train.py, --fold, \"{fold}\"]";
  if (!model.has("command")) {
    model.source().fail(model.node(), model.path(),
                        "model: missing required key 'command' for kind command (expected the "
                        "program and its arguments as a list of strings, " +
                            example + ")");
  }
  const YAML::Node node = model.value("command");
  if (!node.IsSequence() || node.size() == 0) {
    model.fail_at("command",
                  "expected a non-empty list of strings (the program and its "
                  "arguments, run without a shell, " +
                      example + "), found " +
                      (node.IsSequence() ? "an empty list" : describe_found(node)));
  }
  std::vector<std::string> argv;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node item = node[i];
    const std::string path = "model.command[" + std::to_string(i) + "]";
    // Unquoted, YAML reads {fold} as a mapping with the key "fold".
    if (item.IsMap() && item.size() == 1 && item.begin()->first.IsScalar() &&
        item.begin()->second.IsNull()) {
      model.source().fail(item, path,
                          path + ": expected a string, found a mapping; quote placeholders: \"{" +
                              item.begin()->first.as<std::string>() + "}\"");
    }
    if (!item.IsScalar()) {
      model.source().fail(item, path, path + ": expected a string, found " + describe_found(item));
    }
    if (i == 0 && item.Scalar().empty()) {
      model.source().fail(item, path, path + ": expected the program to run, found ''");
    }
    argv.push_back(item.Scalar());
  }
  return argv;
}

}  // namespace

ModelSettings parse_model(const MapReader& top, Task task) {
  const MapReader model = top.child(
      "model", {"kind", "threads", "metric", "fixed", "command", "timeout_seconds", "persistent"});
  ModelSettings out;
  model.read_choice("kind", out.kind, {"xgboost", "random_forest", "mlp", "command", "synthetic"});
  model.read("threads", out.threads, Range::at_least(1));
  if (out.kind == "command") {
    out.command = parse_command(model);
    model.read("timeout_seconds", out.timeout_seconds, Range::at_least(0));
    model.read("persistent", out.persistent);
  } else {
    for (const char* key : {"command", "timeout_seconds", "persistent"}) {
      if (model.has(key)) {
        model.fail_at(
            key, std::string("only used by model.kind command, found kind '") + out.kind + "'");
      }
    }
  }
  if (task == Task::kRegression) {
    model.read_choice("metric", out.metric, {"rmse", "mae"});
    if (out.metric.empty()) out.metric = "rmse";
  } else {
    model.read_choice("metric", out.metric, {"error", "logloss", "auc"});
    if (out.metric.empty()) out.metric = "error";
  }
  model.read("fixed", out.fixed);
  return out;
}

OptimizerSettings parse_optimizer(const MapReader& top) {
  const MapReader optimizer = top.child("optimizer", {"kind", "initial_trials", "acquisition"});
  OptimizerSettings out;
  optimizer.read_choice("kind", out.kind, {"bo", "random"});
  optimizer.read("initial_trials", out.initial_trials, Range::at_least(1));
  optimizer.read_choice("acquisition", out.acquisition, {"ei", "lcb"});
  return out;
}

BudgetSettings parse_budget(const MapReader& top) {
  const MapReader budget = top.child("budget", {"max_trials", "max_seconds"});
  BudgetSettings out;
  budget.read("max_trials", out.max_trials, Range::at_least(1));
  budget.read("max_seconds", out.max_seconds, Range::at_least(0));
  return out;
}

StoppingSettings parse_stopping(const MapReader& top, const CvSettings& cv) {
  std::vector<std::string> keys = {"criterion", "monitor"};
  for (const StoppingOption& option : stopping_options()) keys.push_back(option.key);
  const MapReader stopping = top.child("stopping", keys);
  StoppingSettings out;
  // fermata's own criterion acts unless the job says otherwise; it needs k >= 2 fold errors.
  out.criterion = cv.folds >= 2 ? kDefaultCriterion : "none";
  stopping.read_choice("criterion", out.criterion, criterion_names());
  for (const StoppingOption& option : stopping_options()) {
    if (!stopping.has(option.key)) continue;
    const Range range{option.low, option.high, option.low_open, option.high_open};
    if (option.integer) {
      int value = 0;
      stopping.read(option.key, value, range);
      out.set(option.key, value);
    } else {
      double value = 0.0;
      stopping.read(option.key, value, range);
      out.set(option.key, value);
    }
  }
  stopping.read("monitor", out.monitor);

  // Monitored criteria are evaluated and recorded but never stop the run; "none" records
  // nothing, so it has no place in the list.
  std::vector<std::string> monitorable(criterion_names().begin(), criterion_names().end() - 1);
  for (std::size_t i = 0; i < out.monitor.size(); ++i) {
    const std::string& name = out.monitor[i];
    const std::string path = "stopping.monitor[" + std::to_string(i) + "]";
    const YAML::Node where =
        stopping.value("monitor").IsSequence() ? stopping.value("monitor")[i] : YAML::Node();
    // An entry is a name, optionally with parameters: patience(patience=10).
    const std::string base = name.substr(0, name.find('('));
    if (std::find(monitorable.begin(), monitorable.end(), base) == monitorable.end()) {
      top.source().fail(where, path,
                        path + ": expected one of " + join_words(monitorable) + ", found '" + name +
                            "'" + did_you_mean(base, monitorable));
    }
    try {
      make_criterion(name, out, cv.folds);
    } catch (const JobError& e) {
      top.source().fail(where, path, path + ": " + e.what());
    }
    if (std::find(out.monitor.begin(), out.monitor.begin() + static_cast<std::ptrdiff_t>(i),
                  name) != out.monitor.begin() + static_cast<std::ptrdiff_t>(i)) {
      top.source().fail(where, path, path + ": '" + name + "' is listed twice");
    }
  }

  // The acting ei/pi-threshold criterion takes its threshold from its own key or, as DESIGN.md
  // §5.3 spells it, from `threshold`; with neither the user has not chosen when to stop.
  // Monitors use the documented defaults of ei_threshold and pi_threshold.
  for (const std::string own : {"ei_threshold", "pi_threshold"}) {
    if (out.criterion != own.substr(0, 2) + "-threshold" || stopping.has(own)) continue;
    if (out.number("threshold") <= 0.0) {
      stopping.fail_at(stopping.has("threshold") ? "threshold" : "criterion",
                       "criterion " + out.criterion +
                           " stops when its value falls below stopping.threshold, which must "
                           "be > 0 (found " +
                           format_number(out.number("threshold")) + "); or set stopping." + own);
    }
    out.set(own, out.number("threshold"));
  }
  // One check of the acting criterion, the same as every other caller of make_criterion gets:
  // option ranges, the fold errors it needs, its threshold.
  try {
    make_criterion(out.criterion, out, cv.folds);
  } catch (const JobError& e) {
    stopping.fail_at("criterion", e.what());
  }
  // An option that neither the acting criterion nor a monitor reads is a mistake (it would
  // change nothing). With criterion none the options serve `fermata criterion` offline.
  if (out.criterion != "none") {
    const std::vector<std::string> read = options_read(out);
    for (const auto& [key, value] : out.values) {
      if (std::find(read.begin(), read.end(), key) != read.end()) continue;
      stopping.fail_at(key, "stopping." + key + " is not an option of criterion " + out.criterion +
                                " (its options: " + join_words(criterion_options(out.criterion)) +
                                (out.monitor.empty() ? std::string() : "; nor of its monitors") +
                                ")");
    }
  }
  return out;
}

CheckpointSettings parse_checkpoint(const MapReader& top, const std::string& name) {
  const MapReader checkpoint = top.child("checkpoint", {"path", "every_seconds"});
  CheckpointSettings out;
  out.path = "runs/" + name + ".h5";
  checkpoint.read("path", out.path);
  checkpoint.read("every_seconds", out.every_seconds, Range::at_least(0));
  return out;
}

RuntimeSettings parse_runtime(const MapReader& top) {
  const MapReader runtime =
      top.child("runtime", {"max_retries", "max_failed_trials", "synchronous", "batch_size"});
  RuntimeSettings out;
  runtime.read("max_retries", out.max_retries, Range::at_least(0));
  runtime.read("max_failed_trials", out.max_failed_trials, Range::at_least(0));
  runtime.read("synchronous", out.synchronous);
  runtime.read("batch_size", out.batch_size, Range::at_least(0));
  return out;
}

}  // namespace fermata::job_yaml
