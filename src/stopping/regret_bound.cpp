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

}  // namespace

}  // namespace fermata

namespace fermata::stopping_detail {

RegretBound compute_regret_bound_design(const std::vector<Eigen::VectorXd>& x_encoded,
                                        const std::vector<double>& values, const Space& space,
                                        const StoppingSettings& settings, std::uint64_t seed,
                                        const BoundDesign& design,
                                        const std::optional<GpHyperparameters>& fixed) {
  check_points(x_encoded, values, space);
  const int n = static_cast<int>(values.size());
  const int m = std::clamp(top_set_size(n, settings.number("top_fraction")),
                           std::min(n, design.top_floor), n);

  // Step 1: the m best, ties to the earlier index; kept in index order for the fit.
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  order.resize(static_cast<std::size_t>(m));
  std::sort(order.begin(), order.end());
  Eigen::MatrixXd x(m, static_cast<Eigen::Index>(space.encoded_dim()));
  Eigen::VectorXd y(m);
  for (Eigen::Index i = 0; i < m; ++i) {
    x.row(i) = x_encoded[order[static_cast<std::size_t>(i)]].transpose();
    y[i] = values[order[static_cast<std::size_t>(i)]];
  }

  // Step 2: the GP on T, standardized over T.
  const GpHyperparameters hyperparameters =
      fixed ? *fixed : fit_map_hyperparameters(x, y, fit_seed(seed, values.size()));
  std::vector<GpHyperparameters> draws{hyperparameters};
  if (design.hyperparameter_samples > 1) {
    draws = sample_hyperparameters(x, y, hyperparameters, design.hyperparameter_samples,
                                   derive_seed(fit_seed(seed, values.size()), {kSampleTag}));
  }

  // Steps 3-5, averaged over the draws (one draw, the MAP, in the paper).
  RegretBound out{0.0, 0.0, 0.0, 0.0, 0.0, m};
  out.beta = regret_bound_beta(static_cast<int>(space.size()), m, settings.number("delta"));
  for (const GpHyperparameters& h : draws) {
    const GaussianProcess gp(x, y, h);
    const auto bound = standardized_regret_bound(gp, out.beta, space,
                                                 search_seed(seed, values.size()), design.support);
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
