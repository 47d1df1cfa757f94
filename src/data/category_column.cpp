#include "data/category_column.hpp"

#include <algorithm>
#include <numeric>

namespace fermata::data_detail {

bool CategoryColumn::add(std::string_view cell, bool missing) {
  if (missing) {
    row_ids_.push_back(-1);
    return true;
  }
  auto it = ids_.find(cell);
  if (it == ids_.end()) {
    if (first_texts_.size() >= kMaxCategories) return false;
    it = ids_.emplace(std::string(cell), static_cast<int>(first_texts_.size())).first;
    first_texts_.emplace_back(cell);
  }
  row_ids_.push_back(it->second);
  return true;
}

CategoryColumn::Coded CategoryColumn::finish() const {
  std::vector<int> order(first_texts_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [this](int a, int b) { return first_texts_[a] < first_texts_[b]; });
  std::vector<int> sorted_index(first_texts_.size());
  Coded coded;
  coded.categories.reserve(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    sorted_index[static_cast<std::size_t>(order[i])] = static_cast<int>(i);
    coded.categories.push_back(first_texts_[static_cast<std::size_t>(order[i])]);
  }
  coded.index.reserve(row_ids_.size());
  for (const int id : row_ids_) {
    coded.index.push_back(id < 0 ? -1 : sorted_index[static_cast<std::size_t>(id)]);
  }
  return coded;
}

}  // namespace fermata::data_detail
