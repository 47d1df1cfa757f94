#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include <boost/random/uniform_int_distribution.hpp>

#include <fermata/core/rng.hpp>

namespace fermata::data_detail {

/// @brief Fisher-Yates shuffle drawing with Boost's uniform_int_distribution. std::shuffle and
/// std::uniform_int_distribution may use the engine differently in each standard library,
/// and every rank must derive the same order from the same seed.
template <class T>
void shuffle_in_place(std::vector<T>& items, Rng& rng) {
  for (std::size_t i = items.size(); i > 1; --i) {
    boost::random::uniform_int_distribution<std::size_t> pick(0, i - 1);
    std::swap(items[i - 1], items[pick(rng)]);
  }
}

}  // namespace fermata::data_detail
