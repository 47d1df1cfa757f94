#pragma once

#include <cstdint>

#include <fermata/gp/gaussian_process.hpp>
#include <fermata/space/space.hpp>

namespace fermata::stopping_detail {

/// @brief The regret bound of a fitted GP in its standardized target units.
struct StandardizedRegretBound {
  double regret_bound = 0.0;  ///< ucb_min − lcb_min, ≥ 0
  double ucb_min = 0.0;       ///< min over the GP's inputs of μ + √β σ
  double lcb_min = 0.0;       ///< min over the space of μ − √β σ
};

/// @brief r̄ = min over the GP's own inputs of UCB(x) − min over the space of LCB(x), with
/// UCB/LCB = μ ± √β σ (σ latent) in standardized units. The second minimum is taken over the
/// inputs, the Sobol candidates of `search_seed` and their local refinement, so it is never
/// above the first and r̄ ≥ 0. With `support` < 1 the second minimum skips points whose latent
/// sd exceeds `support` times the prior sd s (points the GP knows little about); the inputs
/// are always searched.
StandardizedRegretBound standardized_regret_bound(const GaussianProcess& gp, double beta,
                                                  const Space& space, std::uint64_t search_seed,
                                                  double support = 1.0);

}  // namespace fermata::stopping_detail
