// The `space` block: one entry per hyperparameter, {type, low, high, log, choices}.
#include <algorithm>
#include <stdexcept>

#include "job/job_blocks.hpp"
#include "job/number_text.hpp"

namespace fermata::job_yaml {

namespace {

const std::vector<std::string> kParameterKeys = {"type", "low", "high", "log", "choices"};

Parameter parse_parameter(const Source& source, const std::string& name, const YAML::Node& node) {
  const std::string path = "space." + name;
  // The checkpoint keeps a categorical's choices in an HDF5 dataset named after it, and HDF5
  // names cannot hold '/' or be '.'; found now, not when the first checkpoint is written.
  if (name.empty() || name == "." || name.find('/') != std::string::npos) {
    source.fail(node, path,
                path + ": expected a parameter name without '/' (and not '.' or empty), found '" +
                    name + "'");
  }
  if (!node.IsMap()) {
    source.fail(node, path,
                path +
                    ": expected a mapping {type: float|int|categorical, low, high, log, "
                    "choices}, found " +
                    describe_found(node));
  }
  const MapReader reader(source, node, path, kParameterKeys);
  if (!reader.has("type")) {
    source.fail(node, path, path + ": missing required key 'type' (float, int or categorical)");
  }
  std::string type;
  reader.read_choice("type", type, {"float", "int", "categorical"});

  Parameter parameter;
  parameter.name = name;
  if (type == "categorical") {
    parameter.kind = ParamKind::kCategorical;
    for (const char* key : {"low", "high", "log"}) {
      if (reader.has(key)) reader.fail_at(key, "applies only to float and int parameters");
    }
    if (!reader.has("choices")) {
      source.fail(node, path, path + ": missing required key 'choices' (a list of values)");
    }
    reader.read("choices", parameter.choices);
    for (auto it = parameter.choices.begin(); it != parameter.choices.end(); ++it) {
      if (std::find(parameter.choices.begin(), it, *it) != it) {
        reader.fail_at("choices", "the choice '" + *it + "' is listed twice");
      }
    }
  } else {
    parameter.kind = type == "int" ? ParamKind::kInt : ParamKind::kFloat;
    if (reader.has("choices")) {
      reader.fail_at("choices",
                     "applies only to categorical parameters (this one is " + type + ")");
    }
    for (const char* key : {"low", "high"}) {
      if (!reader.has(key)) {
        source.fail(node, path, path + ": missing required key '" + key + "' (a number)");
      }
    }
    reader.read("low", parameter.low);
    reader.read("high", parameter.high);
    reader.read("log", parameter.log);
  }

  try {
    // Space's own checks (bounds, log scale, whole-number int bounds) are the reference.
    static_cast<void>(Space(std::vector<Parameter>{parameter}));
  } catch (const std::invalid_argument& e) {
    std::string reason = e.what();
    const std::string prefix = "parameter '" + name + "': ";
    if (reason.rfind(prefix, 0) == 0) reason.erase(0, prefix.size());
    const std::string found = parameter.kind == ParamKind::kCategorical
                                  ? "no choices"
                                  : "low: " + format_number(parameter.low) +
                                        ", high: " + format_number(parameter.high) +
                                        (parameter.log ? ", log: true" : "");
    source.fail(node, path, path + ": " + reason + " (found " + found + ")");
  }
  return parameter;
}

}  // namespace

Space parse_space(const MapReader& top) {
  if (!top.has("space")) {
    top.source().fail(
        "missing required key 'space' (the hyperparameters to tune, e.g. "
        "space: {learning_rate: {type: float, low: 1.0e-4, high: 1, log: true}})");
  }
  const YAML::Node space = top.value("space");
  if (!space.IsMap() || space.size() == 0) {
    top.fail_at("space",
                "expected a mapping of at least one parameter "
                "(name: {type: float|int|categorical, ...}), found " +
                    (space.IsMap() ? std::string("none") : describe_found(space)));
  }
  check_keys(top.source(), space, "space", nullptr);
  std::vector<Parameter> parameters;
  for (const auto& entry : space) {
    parameters.push_back(parse_parameter(top.source(), entry.first.Scalar(), entry.second));
  }
  return Space(std::move(parameters));
}

}  // namespace fermata::job_yaml
