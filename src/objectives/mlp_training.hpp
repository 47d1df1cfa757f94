#pragma once

#include <cstdint>
#include <vector>

#include <fermata/data/dataset.hpp>

#include "objectives/mlp_options.hpp"

namespace fermata {

/// @brief One training problem for the network, already standardized: what libtorch sees.
struct MlpProblem {
  Dataset::Matrix train_x;
  /// Class index (classification) or standardized target (regression), one per training row.
  std::vector<float> train_y;
  Dataset::Matrix predict_x;
  /// Number of classes (softmax outputs, cross-entropy loss), or 1 for regression (MSE loss).
  int outputs = 1;
  bool classification = true;
};

/// @brief Trains a ReLU multilayer perceptron on `problem` and predicts `predict_x`: row-major
/// softmax probabilities, `outputs` per row, for classification; one raw output per row (on the
/// standardized target scale) for regression.
///
/// Every random draw (He-uniform initialization, the per-epoch shuffle, dropout masks) comes
/// from one local torch generator seeded with `seed`; nothing reads torch's global generator,
/// so concurrent calls from local worker threads neither race nor change each other's results.
/// Before training, the calling thread's intra-op thread count is set to `threads` (see
/// mlp_training.cpp); with threads = 1 the result is bit-for-bit reproducible for a seed.
std::vector<float> train_mlp_and_predict(const MlpOptions& options, const MlpProblem& problem,
                                         std::uint64_t seed, int threads);

}  // namespace fermata
