#pragma once

#include <cstdint>

#include <fermata/data/dataset.hpp>
#include <fermata/data/settings.hpp>

namespace fermata {

/// @brief A synthetic table from `settings` and `seed`, identical on every rank.
/// Classification: Gaussian clusters per class on the informative features (in the spirit
/// of scikit-learn's make_classification), plus noise features and flipped labels.
/// Regression: a nonlinear function of the informative features plus Gaussian noise.
Dataset generate_dataset(const GenerateSettings& settings, std::uint64_t seed);

}  // namespace fermata
