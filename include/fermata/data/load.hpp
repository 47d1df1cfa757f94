#pragma once

#include <cstdint>

#include <vector>

#include <fermata/data/dataset.hpp>
#include <fermata/data/fold_plan.hpp>
#include <fermata/data/settings.hpp>

namespace fermata {

/// @brief The job's dataset: read from `settings.path` or generated from `seed`.
Dataset load_dataset(const DataSettings& settings, std::uint64_t seed);

/// @brief The dataset with its held-out test split and its fold plan over the remaining
/// rows: what every worker rebuilds from the job and the seed.
struct PreparedData {
  Dataset data;
  HoldoutSplit split;
  std::vector<Fold> folds;
};

/// @brief Loads the data, holds out the test rows, then builds the fold plan on the rest.
PreparedData prepare_data(const DataSettings& data, const CvSettings& cv, std::uint64_t seed);

}  // namespace fermata
