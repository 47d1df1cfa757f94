#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include <fermata/core/error.hpp>
#include <fermata/core/rng.hpp>
#include <fermata/data/fold_plan.hpp>

#include "data/stratify.hpp"

namespace fermata {

HoldoutSplit make_holdout_split(const Dataset& data, double test_fraction, std::uint64_t seed) {
  if (!(test_fraction >= 0.0 && test_fraction < 1.0)) {
    throw JobError(
        fmt::format("data.test_fraction: expected a value in [0, 1), found {}", test_fraction));
  }
  const std::size_t rows = data.rows();
  const auto test_rows = static_cast<std::size_t>(std::llround(test_fraction * rows));
  if (test_rows >= rows) {
    throw DataError(
        fmt::format("{}: data.test_fraction {} of {} rows holds out every row: "
                    "expected rows left for tuning, found none",
                    data.source, test_fraction, rows));
  }
  std::vector<std::size_t> all(rows);
  std::iota(all.begin(), all.end(), std::size_t{0});
  Rng rng(derive_seed(seed, {kStreamTestSplit}));
  data_detail::RowDraw draw = data_detail::draw_rows(data, all, test_rows, true, rng);
  return HoldoutSplit{std::move(draw.rest), std::move(draw.drawn)};
}

}  // namespace fermata
