#pragma once

#include <cstdint>

#include <fermata/data/dataset.hpp>
#include <fermata/data/settings.hpp>

namespace fermata {

/// @brief A synthetic table from `settings` and `seed`, identical on every rank.
/// Seeded by derive_seed(seed, {kStreamGenerate}); Boost distributions, so the values do not
/// depend on the standard library. Features are named x0..x{features-1}, the informative ones
/// first.
/// Classification: unit-variance Gaussian clusters, one per class, centred on distinct random
/// vertices of {-1,+1}^informative (in the spirit of scikit-learn's make_classification);
/// balanced classes; N(0,1) noise features; round(label_noise·rows) labels moved to another
/// class; rows shuffled.
/// Regression: features U(0,1); y = Friedman-#1 terms cycled over the informative features,
/// 10 sin(π x_b x_{b+1}) + 20 (x_{b+2} − 0.5)² + 10 x_{b+3} + 5 x_{b+4} per block of five,
/// plus Gaussian noise of std noise·std(signal).
/// Throws JobError naming the `data.generate.<key>` that is out of range.
Dataset generate_dataset(const GenerateSettings& settings, std::uint64_t seed);

}  // namespace fermata
