#pragma once

#include <cstdint>
#include <vector>

#include <fermata/data/dataset.hpp>

namespace fermata {

/// @brief Rows held out for the final test error, and the rows the tuner may use.
struct HoldoutSplit {
  std::vector<std::size_t> pool;  ///< rows for cross-validation (sorted)
  std::vector<std::size_t> test;  ///< held-out rows (sorted); empty when test_fraction = 0
};

/// @brief Holds out round(test_fraction·rows) rows, stratified by class for classification.
HoldoutSplit make_holdout_split(const Dataset& data, double test_fraction, std::uint64_t seed);

/// @brief One cross-validation fold: row indices into the dataset.
struct Fold {
  std::vector<std::size_t> train;
  std::vector<std::size_t> validation;
};

/// @brief k folds over `pool`: plain k-fold after a seeded shuffle, or stratified k-fold
/// (each class dealt round-robin over the folds) when `stratified` and the task is
/// classification. k = 1 means a single 80/20 train/validation split. Deterministic in
/// (data, pool, k, stratified, seed), so every worker rebuilds the same plan.
/// Throws DataError when k exceeds the pool size (or, stratified, no fold gets a row).
std::vector<Fold> make_fold_plan(const Dataset& data, const std::vector<std::size_t>& pool, int k,
                                 bool stratified, std::uint64_t seed);

}  // namespace fermata
