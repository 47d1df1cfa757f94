#pragma once

namespace fermata {

/// @brief log h(z) with h(z) = z·Φ(z) + φ(z), the expected improvement of a unit Gaussian
/// over a threshold z standard deviations away: EI(μ, σ; best) = σ·h((best − μ)/σ) for
/// minimization. Accurate for every finite z: for z < −5 it is evaluated as
/// log φ(z) + log M(−z) + log D(−z) with M the Mills ratio and D(t) = 1/M(t) − t, both by
/// continued fractions, so it stays finite far beyond the point where h(z) underflows
/// (z ≈ −38) and loses no digits to cancellation.
double log_h(double z);

/// @brief d/dz log h(z) = Φ(z) / h(z), evaluated as stably as log_h.
double log_h_derivative(double z);

/// @brief log EI(μ, σ; best) = log σ + log h((best − μ)/σ) for minimization (σ > 0).
double log_expected_improvement(double mean, double sd, double best);

/// @brief Plain EI = σ·(z·Φ(z) + φ(z)), for comparison; underflows to 0 for z below ≈ −38.
double expected_improvement(double mean, double sd, double best);

/// @brief Probability of improvement Φ((best − μ)/σ).
double probability_of_improvement(double mean, double sd, double best);

}  // namespace fermata
