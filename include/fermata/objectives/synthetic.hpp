#pragma once

#include <functional>
#include <string>
#include <vector>

#include <fermata/space/space.hpp>

namespace fermata {

/// @brief A benchmark function with a known global minimum, so that the regret of a tuning
/// run can be measured exactly (`model.kind: synthetic`).
struct SyntheticFunction {
  std::string name;  ///< "branin", "hartmann6", "mixed" or "styblinski_tang9"
  Space space;       ///< the domain; `f` takes configurations in this parameter order
  double optimum;    ///< the global minimum value of `f` over `space`
  Config minimizer;  ///< one configuration where `f` attains `optimum`
  std::function<double(const Config&)> f;  ///< the function; categoricals as choice index
};

/// @brief The names synthetic_function() accepts: branin, hartmann6, mixed,
/// styblinski_tang9.
const std::vector<std::string>& synthetic_function_names();

/// @brief The synthetic function called `name`:
/// - "branin": x1 ∈ [−5, 10], x2 ∈ [0, 15];
///   f = (x2 − b·x1² + c·x1 − 6)² + 10·(1 − t)·cos(x1) + 10 with b = 5.1/(4π²), c = 5/π,
///   t = 1/(8π); minimum 5/(4π) ≈ 0.397887 at (−π, 12.275), (π, 2.275), (3π, 2.475).
/// - "hartmann6": x1..x6 ∈ [0, 1]; f = −Σᵢ αᵢ·exp(−Σⱼ Aᵢⱼ·(xⱼ − Pᵢⱼ)²) with the standard
///   α, A, P; minimum −3.32237 at (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573).
/// - "mixed": x, y floats in [0, 1], n int in [1, 10], kind categorical {a, b, c};
///   f = (x − 0.3)² + 0.03·n·sin²(3π(x − 0.3)) + w_k·(y − c_k)² + 0.05·(n − 6)² + o_k with
///   (w, c, o) = a: (1, 0.2, 0.3), b: (2, 0.7, 0), c: (0.5, 0.5, 0.15). Every term is ≥ 0
///   and all vanish only at x = 0.3, y = 0.7, n = 6, kind = b: the unique minimum, 0.
/// - "styblinski_tang9": x1..x9 ∈ [−5, 5]; f = ½ Σᵢ (xᵢ⁴ − 16 xᵢ² + 5 xᵢ); minimum
///   ≈ −352.49549 at xᵢ = −2.903534 for every i (nine dimensions, as the XGBoost space).
/// Throws JobError listing the valid names for an unknown one.
const SyntheticFunction& synthetic_function(const std::string& name);

}  // namespace fermata
