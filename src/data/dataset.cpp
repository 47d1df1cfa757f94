#include <fermata/data/dataset.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

namespace fermata {
namespace {

// Enough to recognize a data set in the log; letter's 26 classes would flood the line.
constexpr std::size_t kListedClasses = 10;

}  // namespace

const char* to_string(Task task) {
  switch (task) {
    case Task::kClassification:
      return "classification";
    case Task::kRegression:
      return "regression";
  }
  return "?";
}

std::string describe_classes(const Dataset& data) {
  if (data.task == Task::kRegression) return "regression (no classes)";
  const auto classes = static_cast<std::size_t>(std::max(data.num_classes, 0));
  std::vector<std::size_t> counts(classes, 0);
  for (Eigen::Index i = 0; i < data.y.size(); ++i) {
    const float label = data.y[i];
    if (label >= 0.0f && label < static_cast<float>(classes) && label == std::floor(label)) {
      ++counts[static_cast<std::size_t>(label)];
    }
  }
  std::string text = fmt::format("{} class{}", classes, classes == 1 ? "" : "es");
  for (std::size_t c = 0; c < classes && c < kListedClasses; ++c) {
    const std::string label = c < data.class_labels.size() ? data.class_labels[c] : "?";
    text += fmt::format("{}{}='{}' ({} row{})", c == 0 ? ": " : ", ", c, label, counts[c],
                        counts[c] == 1 ? "" : "s");
  }
  if (classes > kListedClasses) text += fmt::format(", and {} more", classes - kListedClasses);
  return text;
}

}  // namespace fermata
