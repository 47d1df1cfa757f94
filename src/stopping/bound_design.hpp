#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <Eigen/Core>

#include <fermata/gp/gaussian_process.hpp>
#include <fermata/space/space.hpp>
#include <fermata/stopping/regret_bound.hpp>
#include <fermata/stopping/settings.hpp>

namespace fermata::stopping_detail {

/// @brief How a regret bound is computed beyond the settings of DESIGN.md §5.2. The defaults
/// are the paper's: compute_regret_bound is compute_regret_bound_design with them.
struct BoundDesign {
  /// Smallest top set: m = clamp(floor(ρ n), min(n, top_floor), n). The paper uses 20.
  int top_floor = 20;
  /// The LCB minimum is taken only where the latent posterior sd is at most `support` times
  /// the prior sd (where the GP has seen data); 1 searches the whole space, as the paper does.
  double support = 1.0;
  /// 1: the MAP hyperparameters alone. More: r̄, the two minima and the target scale are the
  /// means over this many draws from the hyperparameters' posterior (sample_hyperparameters).
  int hyperparameter_samples = 1;
};

/// @brief compute_regret_bound with a design of its own (see BoundDesign).
RegretBound compute_regret_bound_design(const std::vector<Eigen::VectorXd>& x_encoded,
                                        const std::vector<double>& values, const Space& space,
                                        const StoppingSettings& settings, std::uint64_t seed,
                                        const BoundDesign& design,
                                        const std::optional<GpHyperparameters>& fixed = {});

}  // namespace fermata::stopping_detail
