#pragma once

#include <string>
#include <vector>

namespace fermata {

/// @brief The job's `stopping` block.
struct StoppingSettings {
  std::string criterion = "none";
  int min_trials = 20;
  double error_scale = 1.0;
  double top_fraction = 0.5;
  double delta = 0.1;
  int patience = 30;
  double threshold = 0.0;
  /// `ei-threshold` stops when the largest expected improvement over the space falls below
  /// this, in objective units. 1e-3 is a tenth of a percentage point of error rate: below the
  /// statistical error of a k-fold estimate on any dataset of fewer than ~10⁵ rows
  /// (sqrt(p(1−p)/N) ≈ 1e-3 for p = 0.05, N = 5·10⁴), so an expected gain that small cannot
  /// be told from noise. Regression objectives (RMSE in target units) should set their own.
  /// A job whose acting criterion is ei-threshold or pi-threshold must choose its threshold
  /// (this key or `threshold`); the defaults serve monitors and `fermata criterion`.
  double ei_threshold = 1e-3;
  /// `pi-threshold` stops when the largest probability of improvement over the space (by a
  /// margin of 0.01 standardized units) falls below this. 0.01, a 1% chance that any
  /// configuration beats the incumbent, is the value Ishibashi et al. (2023) used for this
  /// baseline of Lorenz et al. (2016); PI is unitless, so it carries over to any objective.
  double pi_threshold = 0.01;
  /// `emmr` stops when the EMMR falls below this, in objective units. 0 (the default) takes
  /// Optuna's rule (its MedianErrorEvaluator, the paper's heuristic): 1% of the median EMMR
  /// over the 20 histories that start after 10 warm-up trials.
  double emmr_threshold = 0.0;
  std::vector<std::string> monitor;
};

}  // namespace fermata
