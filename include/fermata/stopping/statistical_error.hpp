#pragma once

#include <vector>

namespace fermata {

/// @brief The statistical error of a cross-validated estimate (DESIGN.md §5.2 step 6):
///   ε = error_scale · sqrt((1/k + r) · s²),   s² = (1/k) Σ_j (e_j − ē)²,
/// with e_1..e_k the fold errors, ē their mean and r = n_val/n_train the ratio of validation
/// to training rows of a fold; r = 1/(k−1) (equal folds) when `validation_ratio` is NaN.
/// The (1/k + r) factor is Nadeau and Bengio's correction for the overlap of the training
/// sets. Throws std::invalid_argument for fewer than two folds, a non-finite fold error, a
/// negative ratio or a non-positive scale.
double statistical_error(const std::vector<double>& fold_errors, double validation_ratio,
                         double error_scale);

/// @brief The confidence parameter of the regret bound (DESIGN.md §5.2 step 3):
///   β = 2 · ln(d · m² · π² / (6δ)) / 5,
/// for d hyperparameters, m points in the top set and confidence 1 − δ; the division by 5 is
/// the scaling of Srinivas et al. (2010) that Makarova et al. keep. Throws
/// std::invalid_argument unless d ≥ 1, m ≥ 1 and 0 < δ < 1.
double regret_bound_beta(int d, int m, double delta);

/// @brief The size of the top set (DESIGN.md §5.2 step 1):
///   m = clamp(floor(ρ · n), min(n, 20), n),
/// so the GP sees at least 20 points (all of them while n ≤ 20) and at most n. Throws
/// std::invalid_argument unless n ≥ 0 and 0 < ρ ≤ 1.
int top_set_size(int n, double top_fraction);

}  // namespace fermata
