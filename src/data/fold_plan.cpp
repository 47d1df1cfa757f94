#include <fermata/data/fold_plan.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include <fermata/core/error.hpp>
#include <fermata/core/rng.hpp>

#include "data/shuffle.hpp"
#include "data/stratify.hpp"

namespace fermata {
namespace {

// k = 1 has no folds to rotate, so it holds out this share of the pool once.
constexpr double kSingleSplitValidation = 0.2;

void check_pool(const Dataset& data, const std::vector<std::size_t>& sorted_pool, int k) {
  if (k < 1) {
    throw DataError(fmt::format("cv.folds: expected at least 1 fold, found {}", k));
  }
  if (!sorted_pool.empty() && sorted_pool.back() >= data.rows()) {
    throw DataError(fmt::format("{}: fold plan: expected pool rows below {}, found row {}",
                                data.source, data.rows(), sorted_pool.back()));
  }
  const auto repeated = std::adjacent_find(sorted_pool.begin(), sorted_pool.end());
  if (repeated != sorted_pool.end()) {
    throw DataError(fmt::format("{}: fold plan: expected distinct pool rows, found row {} twice",
                                data.source, *repeated));
  }
  const std::size_t needed = k == 1 ? 2 : static_cast<std::size_t>(k);
  if (sorted_pool.size() < needed) {
    throw DataError(fmt::format("{}: cv.folds = {}: expected at least {} rows to split, found {}",
                                data.source, k, needed, sorted_pool.size()));
  }
}

std::vector<Fold> single_split(const Dataset& data, const std::vector<std::size_t>& pool,
                               bool stratified, Rng& rng) {
  const auto wanted = static_cast<std::size_t>(std::llround(kSingleSplitValidation * pool.size()));
  const std::size_t count = std::clamp<std::size_t>(wanted, 1, pool.size() - 1);
  data_detail::RowDraw draw = data_detail::draw_rows(data, pool, count, stratified, rng);
  return {Fold{std::move(draw.rest), std::move(draw.drawn)}};
}

// Both assignments give the fold of every pool row, indexed by row (-1 outside the pool).

// Contiguous chunks of a shuffled pool, of sizes n/k or n/k + 1.
std::vector<int> plain_assignment(const Dataset& data, const std::vector<std::size_t>& pool, int k,
                                  Rng& rng) {
  std::vector<std::size_t> order = pool;
  data_detail::shuffle_in_place(order, rng);
  const auto folds = static_cast<std::size_t>(k);
  std::vector<int> fold_of(data.rows(), -1);
  std::size_t next = 0;
  for (std::size_t f = 0; f < folds; ++f) {
    const std::size_t size = order.size() / folds + (f < order.size() % folds ? 1 : 0);
    for (std::size_t j = 0; j < size; ++j) fold_of[order[next++]] = static_cast<int>(f);
  }
  return fold_of;
}

// Each class's shuffled rows are dealt round-robin, and the deal carries on where the
// previous class stopped, so both per-class counts and fold sizes differ by at most one.
std::vector<int> stratified_assignment(const Dataset& data, const std::vector<std::size_t>& pool,
                                       int k, Rng& rng) {
  std::vector<int> fold_of(data.rows(), -1);
  int next = 0;
  for (auto& group : data_detail::rows_by_class(data, pool)) {
    data_detail::shuffle_in_place(group, rng);
    for (std::size_t row : group) {
      fold_of[row] = next;
      next = (next + 1) % k;
    }
  }
  return fold_of;
}

}  // namespace

std::vector<Fold> make_fold_plan(const Dataset& data, const std::vector<std::size_t>& pool, int k,
                                 bool stratified, std::uint64_t seed) {
  std::vector<std::size_t> sorted_pool = pool;
  std::sort(sorted_pool.begin(), sorted_pool.end());
  check_pool(data, sorted_pool, k);
  Rng rng(derive_seed(seed, {kStreamFolds}));
  const bool by_class = stratified && data.task == Task::kClassification;
  if (k == 1) return single_split(data, sorted_pool, by_class, rng);

  const std::vector<int> fold_of = by_class ? stratified_assignment(data, sorted_pool, k, rng)
                                            : plain_assignment(data, sorted_pool, k, rng);
  std::vector<Fold> folds(static_cast<std::size_t>(k));
  for (std::size_t row : sorted_pool) {
    for (int f = 0; f < k; ++f) {
      auto& fold = folds[static_cast<std::size_t>(f)];
      (fold_of[row] == f ? fold.validation : fold.train).push_back(row);
    }
  }
  return folds;
}

double validation_ratio(const std::vector<Fold>& folds) {
  if (folds.empty()) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0.0;
  for (const Fold& f : folds) {
    sum += static_cast<double>(f.validation.size()) / static_cast<double>(f.train.size());
  }
  return sum / static_cast<double>(folds.size());
}

}  // namespace fermata
