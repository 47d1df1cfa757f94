#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <Eigen/Core>

#include <fermata/gp/gaussian_process.hpp>
#include <fermata/space/space.hpp>
#include <fermata/study/trial.hpp>

namespace fermata::stopping_detail {

/// @brief Seeds of the stopping module for a prefix of `n` trials: the MAP fit's random starts
/// and the shift of the search's Sobol candidates. Derived from the job seed, the prefix length
/// and a tag of their own (0x5709, "stop"), so criteria never draw from the optimizer's
/// stream and evaluating the same prefix twice, online or offline, gives the same values.
std::uint64_t fit_seed(std::uint64_t seed, std::size_t n);
std::uint64_t search_seed(std::uint64_t seed, std::size_t n);

/// @brief MAP hyperparameters (weak priors, fermata's default fit settings) for X in the unit
/// cube and targets y in original units. Without `warm_start`: multi-start L-BFGS-B from the
/// prior centre and random starts drawn from `rng_seed`. With it: one L-BFGS-B run from
/// `warm_start` (a local refinement of a nearby fit, at about a third of the cost).
GpHyperparameters fit_map_hyperparameters(
    const Eigen::MatrixXd& x, const Eigen::VectorXd& y, std::uint64_t rng_seed,
    const std::optional<GpHyperparameters>& warm_start = std::nullopt);

/// @brief The cold (multi-start) fit of fit_map_hyperparameters, kept in a cache of its own:
/// the anchors that the regret bound's per-prefix fits start from (regret_bound.cpp).
GpHyperparameters anchor_map_hyperparameters(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                             std::uint64_t rng_seed);

/// @brief Forgets every kept fit. Values do not depend on the caches; tests use this to show
/// it (a prefix evaluated in a fresh process, with no earlier prefix evaluated).
void clear_fit_caches();

/// @brief The encoded configurations of `trials` as the rows of a matrix.
Eigen::MatrixXd encoded_inputs(const std::vector<const Trial*>& trials, const Space& space);
/// @brief The trials' values (mean fold errors).
Eigen::VectorXd trial_values(const std::vector<const Trial*>& trials);

/// @brief Position of the incumbent: the lowest value, ties to the earliest.
std::size_t incumbent_position(const Eigen::VectorXd& values);

}  // namespace fermata::stopping_detail
