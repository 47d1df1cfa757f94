#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <Eigen/Core>

#include <fermata/gp/gaussian_process.hpp>
#include <fermata/space/space.hpp>
#include <fermata/stopping/settings.hpp>

namespace fermata {

/// @brief The regret bound of DESIGN.md §5.2 steps 1–5 and what it is made of, in objective
/// units (except β and the top-set size).
struct RegretBound {
  double regret_bound = 0.0;  ///< r̄ = ucb_min − lcb_min, ≥ 0
  double ucb_min = 0.0;       ///< min over the top set T of μ(x) + √β σ(x)
  double lcb_min = 0.0;       ///< min over the space of μ(x) − √β σ(x)
  double beta = 0.0;          ///< β = 2 ln(d m² π² / (6δ)) / 5
  double target_scale = 1.0;  ///< population std of T's values (floor 1e-10): r̄_std → r̄
  int top_size = 0;           ///< m = |T|
};

/// @brief Computes the regret bound of the completed trials (x_encoded[i], values[i]):
/// 1. T = the m = top_set_size(n, top_fraction) lowest values, ties to the earlier index;
/// 2. a Matérn-5/2 GP on T with targets standardized over T, its hyperparameters the MAP fit
///    with weak priors (random starts from derive_seed(seed, {kStreamOptimizer, 0x5709, n}))
///    or `fixed` when given (tests);
/// 3. β = regret_bound_beta(d = space.size(), m, delta): d counts hyperparameters, not
///    encoded (one-hot) coordinates;
/// 4. UCB/LCB(x) = μ(x) ± √β σ(x), σ the latent (noise-free) posterior sd;
/// 5. r̄ = min_{x∈T} UCB(x) − min_x LCB(x), the second minimum over T, 2048 shifted-Sobol
///    configurations and an L-BFGS-B refinement of the best five over the continuous
///    coordinates (snapped to valid configurations); computed in standardized units and
///    multiplied by T's target scale. ucb_min and lcb_min are offset + scale · (standardized).
/// Deterministic given its arguments. Throws std::invalid_argument for no points, sizes that
/// disagree, or points whose width is not space.encoded_dim().
RegretBound compute_regret_bound(const std::vector<Eigen::VectorXd>& x_encoded,
                                 const std::vector<double>& values, const Space& space,
                                 const StoppingSettings& settings, std::uint64_t seed,
                                 const std::optional<GpHyperparameters>& fixed = std::nullopt);

}  // namespace fermata
