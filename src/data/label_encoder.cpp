#include "data/label_encoder.hpp"

#include <algorithm>
#include <numeric>
#include <utility>

#include <fmt/format.h>

#include <fermata/core/error.hpp>

#include "data/cell.hpp"

namespace fermata::data_detail {

void LabelEncoder::add(std::string_view label) {
  auto it = ids_.find(label);
  if (it == ids_.end()) {
    const int id = static_cast<int>(first_texts_.size());
    first_texts_.emplace_back(label);
    it = ids_.emplace(std::string(label), id).first;
  }
  row_ids_.push_back(it->second);
}

LabelEncoder::Classes LabelEncoder::finish() const {
  const std::size_t n = first_texts_.size();
  std::vector<double> values(n);
  bool all_numeric = true;
  for (std::size_t i = 0; i < n && all_numeric; ++i) {
    all_numeric = parse_cell(first_texts_[i], values[i]) == CellStatus::kNumber;
  }

  // Texts sorted into class order; ties in value keep first appearance first.
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  if (all_numeric) {
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return values[a] < values[b]; });
  } else {
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return first_texts_[a] < first_texts_[b]; });
  }

  Classes classes;
  std::vector<int> class_of_text(n, 0);
  for (std::size_t rank = 0; rank < n; ++rank) {
    const int text = order[rank];
    const bool same_value_as_previous =
        all_numeric && rank > 0 && values[text] == values[order[rank - 1]];
    if (!same_value_as_previous) classes.labels.push_back(first_texts_[text]);
    class_of_text[text] = static_cast<int>(classes.labels.size()) - 1;
  }
  classes.y.reserve(row_ids_.size());
  for (int id : row_ids_) classes.y.push_back(class_of_text[id]);
  return classes;
}

void assign_classes(const LabelEncoder& labels, const std::string& target, Dataset& data) {
  LabelEncoder::Classes classes = labels.finish();
  if (classes.labels.size() < 2) {
    throw DataError(
        fmt::format("{}: {}: expected at least 2 classes for classification, found {}{}",
                    data.source, target, classes.labels.size(),
                    classes.labels.empty() ? "" : " (" + show_cell(classes.labels.front()) + ")"));
  }
  const auto n = static_cast<Eigen::Index>(classes.y.size());
  data.y.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) data.y[i] = static_cast<float>(classes.y[i]);
  data.num_classes = static_cast<int>(classes.labels.size());
  data.class_labels = std::move(classes.labels);
}

}  // namespace fermata::data_detail
