#include <fermata/acquisition/expected_improvement.hpp>

#include <cmath>
#include <numbers>

#include <boost/math/special_functions/erf.hpp>

namespace fermata {
namespace {

constexpr double kSwitch = -5.0;  // below: continued fractions; above: the direct formula
constexpr int kTerms = 80;        // at t = 5 the fractions converge to 1e-15 in ~60 terms

double normal_pdf(double z) {
  return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
}
double normal_cdf(double z) {
  return 0.5 * boost::math::erfc(-z / std::numbers::sqrt2);
}

/// Continued fraction t + k0/(t + (k0+1)/(t + ...)) evaluated backwards.
double tail_fraction(double t, int first) {
  double r = t;
  for (int k = kTerms; k >= first; --k) r = t + k / r;
  return r;
}

/// Mills ratio M(t) = Φ(−t)/φ(t) = 1/(t + 1/(t + 2/(t + ...))).
double mills_ratio(double t) {
  return 1.0 / tail_fraction(t, 1);
}

/// D(t) = 1/M(t) − t = 1/(t + 2/(t + 3/(t + ...))), without the cancellation.
double mills_complement(double t) {
  return 1.0 / tail_fraction(t, 2);
}

}  // namespace

double log_h(double z) {
  if (z >= kSwitch) return std::log(z * normal_cdf(z) + normal_pdf(z));
  // h(z) = φ(z)·(1 − t·M(t)) = φ(z)·M(t)·D(t) with t = −z.
  const double t = -z;
  return -0.5 * z * z - 0.5 * std::log(2.0 * std::numbers::pi) + std::log(mills_ratio(t)) +
         std::log(mills_complement(t));
}

double log_h_derivative(double z) {
  if (z >= kSwitch) return normal_cdf(z) / (z * normal_cdf(z) + normal_pdf(z));
  // Φ(z)/h(z) = φ(z)M(t) / (φ(z)M(t)D(t)) = 1/D(t).
  return 1.0 / mills_complement(-z);
}

double log_expected_improvement(double mean, double sd, double best) {
  return std::log(sd) + log_h((best - mean) / sd);
}

double expected_improvement(double mean, double sd, double best) {
  const double z = (best - mean) / sd;
  return sd * (z * normal_cdf(z) + normal_pdf(z));
}

double probability_of_improvement(double mean, double sd, double best) {
  return normal_cdf((best - mean) / sd);
}

}  // namespace fermata
