#pragma once

#include <map>
#include <string>
#include <vector>

#include <fermata/space/space.hpp>

namespace fermata {

/// @brief The options of the `mlp` model, each tunable (a `space` entry) or fixed
/// (`model.fixed`). The optimizer is AdamW: `weight_decay` is decoupled from the gradient
/// (w ← w − lr·wd·w each step, weights only, not biases), not an L2 term in the loss.
struct MlpOptions {
  int layers = 2;               ///< hidden layers (0: a linear model); ReLU after each
  int width = 64;               ///< units per hidden layer
  double learning_rate = 1e-3;  ///< AdamW step size, > 0
  double weight_decay = 0.0;    ///< AdamW decoupled weight decay, >= 0
  int batch_size = 64;          ///< rows per mini-batch (the last batch may be smaller)
  int epochs = 20;              ///< passes over the training rows
  double dropout = 0.0;         ///< drop probability after each hidden layer, in [0, 1)
};

/// @brief The option names, in declaration order: layers, width, learning_rate,
/// weight_decay, batch_size, epochs, dropout.
const std::vector<std::string>& mlp_option_names();

/// @brief Reads the fixed options and checks the tuned ones once, so that a job error shows
/// at start-up rather than as failed folds.
class MlpOptionReader {
 public:
  /// Throws JobError naming the key for an unknown option (listing the valid ones), a bad
  /// fixed value, an option both fixed and tuned, an integer option tuned as a float, or a
  /// space bound or choice that is not a valid value.
  MlpOptionReader(const std::map<std::string, std::string>& fixed, const Space& space);

  /// @brief The defaults, overridden by `model.fixed`, overridden by `config`. Throws
  /// ModelError naming the option and value when a configuration value is invalid.
  MlpOptions options(const Config& config) const;

 private:
  MlpOptions fixed_;
  Space space_;  ///< every parameter is an mlp option (checked on construction)
};

}  // namespace fermata
