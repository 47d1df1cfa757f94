#pragma once

#include <cstddef>
#include <vector>

#include <fermata/core/rng.hpp>
#include <fermata/data/dataset.hpp>

namespace fermata::data_detail {

/// @brief `rows` grouped by the class of `data`, one group per class, each in `rows` order.
std::vector<std::vector<std::size_t>> rows_by_class(const Dataset& data,
                                                    const std::vector<std::size_t>& rows);

/// @brief Splits `total` into integer shares proportional to `counts` by largest remainder:
/// each share is the floor or ceiling of its exact share and the shares sum to `total`.
/// Ties go to the earlier group, so the result is deterministic.
std::vector<std::size_t> apportion(const std::vector<std::size_t>& counts, std::size_t total);

/// @brief `rows` divided into the `count` rows drawn and the rest, both sorted ascending.
struct RowDraw {
  std::vector<std::size_t> rest;
  std::vector<std::size_t> drawn;
};

/// @brief Draws `count` of `rows` at random; with `stratified` (classification only) each
/// class contributes its proportional share (see apportion), so class proportions of
/// the drawn rows and of the rest are each within one row of the whole's.
RowDraw draw_rows(const Dataset& data, const std::vector<std::size_t>& rows, std::size_t count,
                  bool stratified, Rng& rng);

}  // namespace fermata::data_detail
