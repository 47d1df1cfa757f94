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

/// @brief Holds out round(test_fraction·rows) rows, stratified by class for classification
/// (each class gives the floor or ceiling of its proportional share; largest remainders get
/// the ceiling). Seeded by derive_seed(seed, {kStreamTestSplit}). Throws JobError unless
/// 0 <= test_fraction < 1, DataError when no row would be left for tuning.
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
/// Seeded by derive_seed(seed, {kStreamFolds}); `pool` may be in any order. Throws DataError
/// when k < 1, k exceeds the pool size (k = 1 needs two rows), or `pool` repeats a row or
/// names one outside the dataset.
std::vector<Fold> make_fold_plan(const Dataset& data, const std::vector<std::size_t>& pool, int k,
                                 bool stratified, std::uint64_t seed);

/// @brief The mean over folds of validation rows over training rows: the n_val/n_train of
/// the statistical error, exact also when folds are unequal. NaN for no folds.
double validation_ratio(const std::vector<Fold>& folds);

}  // namespace fermata
