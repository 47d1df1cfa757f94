#include <fermata/data/category_codes.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

namespace fermata {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Enough to recognize a column in the log without flooding the line.
constexpr std::size_t kListedCategories = 5;

// The dataset index of a categorical cell, or -1 when it is missing.
long category_index(float cell, std::size_t categories) {
  if (std::isnan(cell) || cell < 0.0f || cell >= static_cast<float>(categories)) return -1;
  return static_cast<long>(cell);
}

// Per category of `feature`, whether it occurs in `rows`.
std::vector<bool> occurs(const Dataset& data, std::size_t feature,
                         const std::vector<std::size_t>& rows) {
  const std::size_t n = data.categories[feature].size();
  std::vector<bool> found(n, false);
  for (const std::size_t row : rows) {
    if (row >= data.rows()) {
      throw std::invalid_argument(
          fmt::format("row {} is outside the dataset of {} rows", row, data.rows()));
    }
    const float cell = data.X(static_cast<Eigen::Index>(row), static_cast<Eigen::Index>(feature));
    const long index = category_index(cell, n);
    if (index >= 0) found[static_cast<std::size_t>(index)] = true;
  }
  return found;
}

}  // namespace

CategoryCodes::CategoryCodes(const Dataset& data, const std::vector<std::size_t>& train_rows)
    : code_(data.features()), count_(data.features(), 0) {
  for (std::size_t j = 0; j < data.features(); ++j) {
    if (!data.is_categorical(j)) continue;
    const std::vector<bool> found = occurs(data, j, train_rows);
    code_[j].assign(found.size(), kNaN);
    for (std::size_t i = 0; i < found.size(); ++i) {
      if (found[i]) code_[j][i] = static_cast<float>(count_[j]++);
    }
  }
}

std::size_t CategoryCodes::count(std::size_t feature) const {
  return feature < count_.size() ? count_[feature] : 0;
}

bool CategoryCodes::seen(std::size_t feature, std::size_t index) const {
  return feature < code_.size() && index < code_[feature].size() &&
         !std::isnan(code_[feature][index]);
}

Dataset::Matrix CategoryCodes::encode(const Dataset& data,
                                      const std::vector<std::size_t>& rows) const {
  const Eigen::Index cols = data.X.cols();
  Dataset::Matrix out(static_cast<Eigen::Index>(rows.size()), cols);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i] >= data.rows()) {
      throw std::invalid_argument(
          fmt::format("row {} is outside the dataset of {} rows", rows[i], data.rows()));
    }
    const float* in = data.X.row(static_cast<Eigen::Index>(rows[i])).data();
    float* coded = out.row(static_cast<Eigen::Index>(i)).data();
    for (Eigen::Index c = 0; c < cols; ++c) {
      const std::vector<float>& code = code_[static_cast<std::size_t>(c)];
      if (code.empty()) {
        coded[c] = in[c];
        continue;
      }
      const long index = category_index(in[c], code.size());
      coded[c] = index < 0 ? kNaN : code[static_cast<std::size_t>(index)];
    }
  }
  return out;
}

std::vector<std::string> categories_in_rows(const Dataset& data, std::size_t feature,
                                            const std::vector<std::size_t>& rows) {
  if (!data.is_categorical(feature)) return {};
  const std::vector<bool> found = occurs(data, feature, rows);
  std::vector<std::string> list;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (found[i]) list.push_back(data.categories[feature][i]);
  }
  return list;
}

std::string describe_categories(const std::string& column, const std::vector<std::string>& list) {
  std::string text = fmt::format("categorical column '{}': {} categor{}", column, list.size(),
                                 list.size() == 1 ? "y" : "ies");
  for (std::size_t i = 0; i < list.size() && i < kListedCategories; ++i) {
    text += fmt::format("{}'{}'", i == 0 ? ": " : ", ", list[i]);
  }
  if (list.size() > kListedCategories) {
    text += fmt::format(", ... and {} more", list.size() - kListedCategories);
  }
  return text;
}

}  // namespace fermata
