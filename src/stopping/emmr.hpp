#pragma once

#include <cstdint>

#include <Eigen/Core>

#include <fermata/space/space.hpp>

namespace fermata::stopping_detail {

/// @brief The expected minimum model regret of the last observation and its parts, in
/// objective units (the KL divergence in nats).
struct EmmrTerms {
  double emmr = 0.0;            ///< expected_shift + kappa · sqrt(kl_divergence / 2)
  double mean_shift = 0.0;      ///< Δμ = μ_n(x*_n) − μ_{n−1}(x*_{n−1})
  double expected_shift = 0.0;  ///< E[max(Δ, 0)], Δ ~ N(Δμ, v²): v·h(Δμ/v)
  double kappa = 0.0;           ///< regret bound of the posterior after n − 1 trials
  double kl_divergence = 0.0;   ///< KL between the posteriors after n − 1 and n trials
};

/// @brief EMMR of Ishibashi et al. (AISTATS 2023, "A stopping criterion for Bayesian
/// optimization by the gap of expected minimum simple regrets", Theorem 1 and Algorithm 1),
/// the quantity Optuna's EMMREvaluator computes, for minimization. With the first n − 1 and
/// all n rows of (x, y), one MAP fit θ on all n (used by both posteriors, as the paper's §4.4
/// assumes), targets standardized once over all n, x*_t the best observed point among the
/// first t (ties to the earliest), μ_t/σ_t/cov_t the latent posterior after t points:
///   Δμ  = μ_n(x*_n) − μ_{n−1}(x*_{n−1}),
///   v²  = σ²_n(x*_n) − 2 cov_n(x*_n, x*_{n−1}) + σ²_n(x*_{n−1}),
///   E   = v·h(Δμ/v), h(z) = zΦ(z) + φ(z)   (= Δμ + vφ(g) + vgΦ(g) with g = −Δμ/v),
///   KL  = ½ log(1 + s²/σ²) − ½ s²/(s² + σ²) + ½ s² (y_n − m)²/(s² + σ²)²,
///         m, s² the posterior mean and latent variance after n − 1 points at x_n, σ² the
///         model's noise variance,
///   κ   = min over the first n − 1 inputs of UCB − min over the space of LCB, for the
///         posterior after n − 1 points with β = regret_bound_beta(space.size(), n − 1, δ),
///   EMMR = E + κ·sqrt(KL/2).
/// Unlike Optuna, σ² is the fitted noise variance rather than the noise floor: that is the
/// noise the KL's likelihood has, and what the authors' own experiment code uses. Requires
/// n ≥ 2; throws fermata::Error if the GP cannot be fitted.
EmmrTerms compute_emmr(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Space& space,
                       double delta, std::uint64_t seed);

}  // namespace fermata::stopping_detail
