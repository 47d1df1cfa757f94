#pragma once

#include <cstdint>
#include <initializer_list>
#include <random>

namespace fermata {

/// @brief The random engine used everywhere; its state is plain text-serializable.
using Rng = std::mt19937_64;

/// @brief Mixes a 64-bit value (SplitMix64 finaliser): derived seeds of nearby inputs differ.
std::uint64_t mix_seed(std::uint64_t x);

/// @brief A seed for one purpose, derived from the job seed and a list of stream ids
/// (e.g. {kStreamFolds}, {kStreamNoise, trial, fold}), so every rank derives the same.
std::uint64_t derive_seed(std::uint64_t seed, std::initializer_list<std::uint64_t> stream);

/// Stream ids for derive_seed; one per independent use of randomness.
inline constexpr std::uint64_t kStreamTestSplit = 1;
inline constexpr std::uint64_t kStreamFolds = 2;
inline constexpr std::uint64_t kStreamGenerate = 3;
inline constexpr std::uint64_t kStreamOptimizer = 4;
inline constexpr std::uint64_t kStreamModel = 5;
inline constexpr std::uint64_t kStreamNoise = 6;

}  // namespace fermata
