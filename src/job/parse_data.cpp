// The `data` block: a file to load (with its format and missing-value policy) or a table to
// generate, the task and the test split.
#include <array>

#include <fermata/core/spelling.hpp>
#include "job/job_blocks.hpp"

namespace fermata::job_yaml {

namespace {

// The job file's spellings of an enum's values: the data module's to_string of each.
template <class Enum, std::size_t N>
std::vector<std::string> names_of(const std::array<Enum, N>& values) {
  std::vector<std::string> names;
  for (Enum value : values) names.emplace_back(to_string(value));
  return names;
}

template <class Enum, std::size_t N>
void read_enum(const MapReader& data, const std::string& key, const std::array<Enum, N>& values,
               Enum& out) {
  std::string name = to_string(out);
  data.read_choice(key, name, names_of(values));
  for (Enum value : values) {
    if (name == to_string(value)) out = value;
  }
}

GenerateSettings parse_generate(const MapReader& data, std::string& task) {
  const MapReader generate = data.child(
      "generate", {"kind", "rows", "features", "informative", "classes", "label_noise", "noise"});
  GenerateSettings out;
  // Either of data.task and generate.kind gives the other; both must then agree.
  if (!task.empty()) out.kind = task;
  generate.read_choice("kind", out.kind, kTaskNames);
  if (task.empty()) {
    task = out.kind;
  } else if (task != out.kind) {
    data.fail_at("task", "'" + task + "' contradicts data.generate.kind '" + out.kind + "'");
  }
  generate.read("rows", out.rows, Range::at_least(1));
  generate.read("features", out.features, Range::at_least(1));
  generate.read("informative", out.informative, Range::at_least(1));
  if (out.informative > out.features) {
    generate.fail_at("informative",
                     "expected at most data.generate.features (" + std::to_string(out.features) +
                         ") informative features, found " + std::to_string(out.informative));
  }
  generate.read("classes", out.classes, Range::at_least(2));
  generate.read("label_noise", out.label_noise, Range::closed_open(0, 1));
  generate.read("noise", out.noise, Range::at_least(0));
  return out;
}

}  // namespace

DataSettings parse_data(const MapReader& top) {
  if (!top.has("data")) {
    top.source().fail(
        "missing required key 'data' (expected a mapping with 'path' to a data file, or "
        "'generate' for a synthetic table)");
  }
  const MapReader data = top.child("data", {"path", "target", "task", "test_fraction", "format",
                                            "missing", "x_dataset", "y_dataset", "generate"});
  DataSettings out;
  data.read("path", out.path);
  data.read("target", out.target);
  read_enum(data, "format", kDataFormats, out.format);
  read_enum(data, "missing", kMissingPolicies, out.missing);
  data.read("x_dataset", out.x_dataset);
  data.read("y_dataset", out.y_dataset);
  std::string task;  // empty: not given
  data.read_choice("task", task, kTaskNames);
  data.read("test_fraction", out.test_fraction, Range::closed_open(0, 1));
  if (data.has("generate")) {
    if (data.has("path")) {
      data.fail_at("generate", "give either data.path or data.generate, not both");
    }
    out.generate = parse_generate(data, task);
  } else if (!data.has("path")) {
    top.source().fail(data.node(), "data",
                      "data: missing required key 'path' (a data file) or 'generate' (a "
                      "synthetic table)");
  }
  if (!task.empty()) out.task = task == "regression" ? Task::kRegression : Task::kClassification;
  return out;
}

}  // namespace fermata::job_yaml
