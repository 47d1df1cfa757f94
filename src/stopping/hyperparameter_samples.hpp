#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include <fermata/gp/gaussian_process.hpp>

namespace fermata::stopping_detail {

/// @brief `count` draws of the GP hyperparameters from their posterior p(θ | X, y) ∝
/// p(y | X, θ) p(θ) (the MAP fit's weak priors, inside its bounds), by coordinate-wise slice
/// sampling with stepping out (Neal 2003) started at `map`: two burn-in sweeps, then one draw
/// per sweep. Deterministic given `seed`. A MAP fit is one point of this posterior; on a
/// handful of points in many dimensions the posterior is broad, and a bound computed from the
/// MAP alone is as confident as the luckiest lengthscales allow.
///
/// Hand-written because no Debian-packaged C++ library offers a sampler over a user-defined
/// density on Eigen vectors that is this small (a slice sampler is ~40 lines).
std::vector<GpHyperparameters> sample_hyperparameters(const Eigen::MatrixXd& x,
                                                      const Eigen::VectorXd& y,
                                                      const GpHyperparameters& map, int count,
                                                      std::uint64_t seed);

}  // namespace fermata::stopping_detail
