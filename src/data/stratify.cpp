#include "data/stratify.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include <fermata/core/error.hpp>

#include "data/shuffle.hpp"

namespace fermata::data_detail {

std::vector<std::vector<std::size_t>> rows_by_class(const Dataset& data,
                                                    const std::vector<std::size_t>& rows) {
  std::vector<std::vector<std::size_t>> groups(static_cast<std::size_t>(data.num_classes));
  for (std::size_t row : rows) {
    const float label = data.y[static_cast<Eigen::Index>(row)];
    // y is checked here because datasets can also be built by hand, not only by the reader.
    if (!(label >= 0.0f && label < static_cast<float>(data.num_classes)) ||
        label != static_cast<float>(static_cast<int>(label))) {
      throw DataError(fmt::format("{}: row {}: expected a class index in 0..{}, found {}",
                                  data.source, row, data.num_classes - 1, label));
    }
    groups[static_cast<std::size_t>(label)].push_back(row);
  }
  return groups;
}

std::vector<std::size_t> apportion(const std::vector<std::size_t>& counts, std::size_t total) {
  const std::size_t whole = std::accumulate(counts.begin(), counts.end(), std::size_t{0});
  std::vector<std::size_t> shares(counts.size(), 0);
  if (whole == 0) return shares;
  std::vector<std::size_t> remainders(counts.size());
  std::size_t given = 0;
  for (std::size_t g = 0; g < counts.size(); ++g) {
    // Exact integer arithmetic: share = floor(total·count/whole), remainder compared below.
    shares[g] = total * counts[g] / whole;
    remainders[g] = total * counts[g] % whole;
    given += shares[g];
  }
  std::vector<std::size_t> order(counts.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
  for (std::size_t i = 0; given < total; ++i, ++given) ++shares[order[i]];
  return shares;
}

RowDraw draw_rows(const Dataset& data, const std::vector<std::size_t>& rows, std::size_t count,
                  bool stratified, Rng& rng) {
  RowDraw draw;
  const auto take = [&](std::vector<std::size_t> group, std::size_t n) {
    shuffle_in_place(group, rng);
    draw.drawn.insert(draw.drawn.end(), group.begin(), group.begin() + n);
    draw.rest.insert(draw.rest.end(), group.begin() + n, group.end());
  };
  if (stratified && data.task == Task::kClassification) {
    const auto groups = rows_by_class(data, rows);
    std::vector<std::size_t> sizes;
    for (const auto& group : groups) sizes.push_back(group.size());
    const std::vector<std::size_t> shares = apportion(sizes, count);
    for (std::size_t c = 0; c < groups.size(); ++c) take(groups[c], shares[c]);
  } else {
    take(rows, count);
  }
  std::sort(draw.drawn.begin(), draw.drawn.end());
  std::sort(draw.rest.begin(), draw.rest.end());
  return draw;
}

}  // namespace fermata::data_detail
