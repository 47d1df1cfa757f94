#include <fermata/objectives/synthetic.hpp>

#include <array>
#include <cmath>
#include <numbers>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

using std::numbers::pi;

Parameter float_parameter(const std::string& name, double low, double high) {
  Parameter p;
  p.name = name;
  p.kind = ParamKind::kFloat;
  p.low = low;
  p.high = high;
  return p;
}

SyntheticFunction make_branin() {
  constexpr double kB = 5.1 / (4.0 * pi * pi);
  constexpr double kC = 5.0 / pi;
  constexpr double kR = 6.0;
  constexpr double kS = 10.0;
  constexpr double kT = 1.0 / (8.0 * pi);
  return {"branin",
          Space({float_parameter("x1", -5.0, 10.0), float_parameter("x2", 0.0, 15.0)}),
          5.0 / (4.0 * pi),
          {pi, 2.275},
          [](const Config& x) {
            const double q = x[1] - kB * x[0] * x[0] + kC * x[0] - kR;
            return q * q + kS * (1.0 - kT) * std::cos(x[0]) + kS;
          }};
}

// The standard constants of Hartmann-6 (Dixon & Szegő 1978).
constexpr std::array<double, 4> kHartmannAlpha = {1.0, 1.2, 3.0, 3.2};
constexpr std::array<std::array<double, 6>, 4> kHartmannA = {{
    {10.0, 3.0, 17.0, 3.5, 1.7, 8.0},
    {0.05, 10.0, 17.0, 0.1, 8.0, 14.0},
    {3.0, 3.5, 1.7, 10.0, 17.0, 8.0},
    {17.0, 8.0, 0.05, 10.0, 0.1, 14.0},
}};
constexpr std::array<std::array<double, 6>, 4> kHartmannP = {{
    {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
    {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
    {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
    {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381},
}};

SyntheticFunction make_hartmann6() {
  std::vector<Parameter> parameters;
  for (int j = 1; j <= 6; ++j) parameters.push_back(float_parameter("x" + std::to_string(j), 0, 1));
  return {"hartmann6",
          Space(std::move(parameters)),
          -3.32236801141551,
          {0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573},
          [](const Config& x) {
            double sum = 0.0;
            for (std::size_t i = 0; i < kHartmannAlpha.size(); ++i) {
              double exponent = 0.0;
              for (std::size_t j = 0; j < 6; ++j) {
                const double d = x[j] - kHartmannP[i][j];
                exponent += kHartmannA[i][j] * d * d;
              }
              sum += kHartmannAlpha[i] * std::exp(-exponent);
            }
            return -sum;
          }};
}

// The one-dimensional Styblinski–Tang minimizer: the root of 4x³ − 32x + 5 near −2.9.
constexpr double kStyblinskiTangArgmin = -2.903534027771177;

/// Styblinski–Tang in nine dimensions, f = ½ Σᵢ (xᵢ⁴ − 16 xᵢ² + 5 xᵢ) on [−5, 5]⁹: a
/// separable function with 2⁹ local minima, for runs that need as many parameters as the
/// paper's XGBoost space.
SyntheticFunction make_styblinski_tang9() {
  constexpr int kDim = 9;
  std::vector<Parameter> parameters;
  for (int j = 1; j <= kDim; ++j) {
    parameters.push_back(float_parameter("x" + std::to_string(j), -5.0, 5.0));
  }
  const double a = kStyblinskiTangArgmin;
  return {"styblinski_tang9", Space(std::move(parameters)),
          kDim * 0.5 * (a * a * a * a - 16.0 * a * a + 5.0 * a), Config(kDim, a),
          [](const Config& x) {
            double sum = 0.0;
            for (double v : x) sum += v * v * v * v - 16.0 * v * v + 5.0 * v;
            return 0.5 * sum;
          }};
}

// Per choice of `kind`: the weight and centre of the y term and the offset. Only b has a zero
// offset, and the best y differs by kind, so y and kind interact.
struct KindShape {
  double weight;
  double centre;
  double offset;
};
constexpr std::array<KindShape, 3> kMixedKinds = {
    {{1.0, 0.2, 0.3}, {2.0, 0.7, 0.0}, {0.5, 0.5, 0.15}}};

SyntheticFunction make_mixed() {
  Parameter n;
  n.name = "n";
  n.kind = ParamKind::kInt;
  n.low = 1;
  n.high = 10;
  Parameter kind;
  kind.name = "kind";
  kind.kind = ParamKind::kCategorical;
  kind.choices = {"a", "b", "c"};
  return {"mixed",
          Space({float_parameter("x", 0, 1), float_parameter("y", 0, 1), n, kind}),
          0.0,
          {0.3, 0.7, 6.0, 1.0},
          [](const Config& c) {
            const double x = c[0], y = c[1], n = c[2];
            const KindShape& k = kMixedKinds.at(static_cast<std::size_t>(c[3]));
            // The sine term makes x multimodal with a depth set by n; it is >= 0 and zero at
            // x = 0.3, so the stated minimum stays exact.
            const double ripple = std::sin(3.0 * pi * (x - 0.3));
            return (x - 0.3) * (x - 0.3) + 0.03 * n * ripple * ripple +
                   k.weight * (y - k.centre) * (y - k.centre) + 0.05 * (n - 6) * (n - 6) + k.offset;
          }};
}

}  // namespace

const std::vector<std::string>& synthetic_function_names() {
  static const std::vector<std::string> names = {"branin", "hartmann6", "mixed",
                                                 "styblinski_tang9"};
  return names;
}

const SyntheticFunction& synthetic_function(const std::string& name) {
  // Built once, on first use; C++ guarantees thread-safe initialization of these statics.
  static const SyntheticFunction branin = make_branin();
  static const SyntheticFunction hartmann6 = make_hartmann6();
  static const SyntheticFunction mixed = make_mixed();
  static const SyntheticFunction styblinski_tang9 = make_styblinski_tang9();
  if (name == "branin") return branin;
  if (name == "hartmann6") return hartmann6;
  if (name == "mixed") return mixed;
  if (name == "styblinski_tang9") return styblinski_tang9;
  throw JobError(
      "model.fixed.function: expected one of branin, hartmann6, mixed, styblinski_tang9, "
      "found '" +
      name + "'");
}

}  // namespace fermata
