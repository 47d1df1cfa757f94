#include <fermata/stopping/regret_bound.hpp>

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

#include <fermata/stopping/statistical_error.hpp>

#include <fermata/core/rng.hpp>

#include "stopping/bound_design.hpp"
#include "stopping/confidence_bounds.hpp"
#include "stopping/hyperparameter_samples.hpp"
#include "stopping/stopping_model.hpp"

namespace fermata {
namespace {

constexpr std::uint64_t kSampleTag = 0x5a;  ///< hyperparameter draws' own stream

/// Prefixes with a multi-start (cold) MAP fit from kWarmFrom on; those between start from the
/// last one's fit. A cold fit costs about three local runs; every 25th prefix amortizes it to
/// a few percent.
constexpr std::size_t kAnchorEvery = 25;
/// Below this many trials every prefix gets a cold fit: the top set has fewer than 50 points,
/// so a cold fit costs a few milliseconds, and there the posterior over the hyperparameters
/// can have several modes, of which a warm start keeps the anchor's (on a recorded XGBoost
/// run, r̄ at n = 26 was 0.026 from cold starts and 0.012 from the fit at n = 25).
constexpr std::size_t kWarmFrom = 100;

void check_points(const std::vector<Eigen::VectorXd>& x_encoded, const std::vector<double>& values,
                  const Space& space) {
  if (values.empty()) throw std::invalid_argument("compute_regret_bound: no completed trials");
  if (x_encoded.size() != values.size()) {
    throw std::invalid_argument("compute_regret_bound: " + std::to_string(x_encoded.size()) +
                                " points but " + std::to_string(values.size()) + " values");
  }
  for (const Eigen::VectorXd& x : x_encoded) {
    if (x.size() != static_cast<Eigen::Index>(space.encoded_dim())) {
      throw std::invalid_argument("compute_regret_bound: a point has " + std::to_string(x.size()) +
                                  " coordinates, the space encodes to " +
                                  std::to_string(space.encoded_dim()));
    }
  }
}

/// The top set T of the first `n` points (DESIGN.md §5.2 step 1): the m best, ties to the
/// earlier index, in index order.
struct TopSet {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
};

TopSet top_set(const std::vector<Eigen::VectorXd>& x_encoded, const std::vector<double>& values,
               std::size_t n, const Space& space, const StoppingSettings& settings,
               const stopping_detail::BoundDesign& design) {
  const int count = static_cast<int>(n);
  const int m = std::clamp(top_set_size(count, settings.number("top_fraction")),
                           std::min(count, design.top_floor), count);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  order.resize(static_cast<std::size_t>(m));
  std::sort(order.begin(), order.end());
  TopSet top{Eigen::MatrixXd(m, static_cast<Eigen::Index>(space.encoded_dim())),
             Eigen::VectorXd(m)};
  for (Eigen::Index i = 0; i < m; ++i) {
    top.x.row(i) = x_encoded[order[static_cast<std::size_t>(i)]].transpose();
    top.y[i] = values[order[static_cast<std::size_t>(i)]];
  }
  return top;
}

}  // namespace

}  // namespace fermata

namespace fermata::stopping_detail {

RegretBound compute_regret_bound_design(const std::vector<Eigen::VectorXd>& x_encoded,
                                        const std::vector<double>& values, const Space& space,
                                        const StoppingSettings& settings, std::uint64_t seed,
                                        const BoundDesign& design,
                                        const std::optional<GpHyperparameters>& fixed) {
  check_points(x_encoded, values, space);
  const std::size_t n = values.size();

  // Steps 1 and 2: the GP on T, standardized over T. Its hyperparameters are the MAP of a
  // multi-start fit on every prefix below kWarmFrom and on every kAnchorEvery-th prefix, and
  // on the prefixes between two anchors the result of a short L-BFGS-B run from the fit of the
  // anchor before them. Each is a function of the prefix alone (the anchor is a prefix of it),
  // so a replay, or a run that skipped prefixes, computes the same values.
  const TopSet top = top_set(x_encoded, values, n, space, settings, design);
  GpHyperparameters hyperparameters;
  if (fixed) {
    hyperparameters = *fixed;
  } else if (n < kWarmFrom || n % kAnchorEvery == 0) {
    hyperparameters = anchor_map_hyperparameters(top.x, top.y, fit_seed(seed, n));
  } else {
    const std::size_t a = n / kAnchorEvery * kAnchorEvery;
    const TopSet anchor = top_set(x_encoded, values, a, space, settings, design);
    hyperparameters =
        fit_map_hyperparameters(top.x, top.y, fit_seed(seed, n),
                                anchor_map_hyperparameters(anchor.x, anchor.y, fit_seed(seed, a)));
  }
  const Eigen::MatrixXd& x = top.x;
  const Eigen::VectorXd& y = top.y;
  const int m = static_cast<int>(y.size());
  std::vector<GpHyperparameters> draws{hyperparameters};
  if (design.hyperparameter_samples > 1) {
    draws = sample_hyperparameters(x, y, hyperparameters, design.hyperparameter_samples,
                                   derive_seed(fit_seed(seed, n), {kSampleTag}));
  }

  // Steps 3-5, averaged over the draws (one draw, the MAP, in the paper).
  RegretBound out{0.0, 0.0, 0.0, 0.0, 0.0, m};
  out.beta = regret_bound_beta(static_cast<int>(space.size()), m, settings.number("delta"));
  for (const GpHyperparameters& h : draws) {
    const GaussianProcess gp(x, y, h);
    const auto bound =
        standardized_regret_bound(gp, out.beta, space, search_seed(seed, n), design.support);
    const Standardization& s = gp.standardization();
    out.target_scale += s.scale;
    out.regret_bound += s.scale * bound.regret_bound;
    out.ucb_min += s.offset + s.scale * bound.ucb_min;
    out.lcb_min += s.offset + s.scale * bound.lcb_min;
  }
  const auto count = static_cast<double>(draws.size());
  out.target_scale /= count;
  out.regret_bound /= count;
  out.ucb_min /= count;
  out.lcb_min /= count;
  return out;
}

}  // namespace fermata::stopping_detail

namespace fermata {

RegretBound compute_regret_bound(const std::vector<Eigen::VectorXd>& x_encoded,
                                 const std::vector<double>& values, const Space& space,
                                 const StoppingSettings& settings, std::uint64_t seed,
                                 const std::optional<GpHyperparameters>& fixed) {
  return stopping_detail::compute_regret_bound_design(x_encoded, values, space, settings, seed, {},
                                                      fixed);
}

}  // namespace fermata
