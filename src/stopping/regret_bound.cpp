#include <fermata/stopping/regret_bound.hpp>

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

#include <fermata/stopping/statistical_error.hpp>

#include "stopping/confidence_bounds.hpp"
#include "stopping/stopping_model.hpp"

namespace fermata {
namespace {

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

RegretBound compute_regret_bound(const std::vector<Eigen::VectorXd>& x_encoded,
                                 const std::vector<double>& values, const Space& space,
                                 const StoppingSettings& settings, std::uint64_t seed,
                                 const std::optional<GpHyperparameters>& fixed) {
  check_points(x_encoded, values, space);
  const int n = static_cast<int>(values.size());
  const int m = top_set_size(n, settings.top_fraction);

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
      fixed ? *fixed
            : stopping_detail::fit_map_hyperparameters(
                  x, y, stopping_detail::fit_seed(seed, values.size()));
  const GaussianProcess gp(x, y, hyperparameters);

  // Steps 3-5.
  RegretBound out;
  out.top_size = m;
  out.beta = regret_bound_beta(static_cast<int>(space.size()), m, settings.delta);
  const auto bound = stopping_detail::standardized_regret_bound(
      gp, out.beta, space, stopping_detail::search_seed(seed, values.size()));
  const Standardization& s = gp.standardization();
  out.target_scale = s.scale;
  out.regret_bound = s.scale * bound.regret_bound;
  out.ucb_min = s.offset + s.scale * bound.ucb_min;
  out.lcb_min = s.offset + s.scale * bound.lcb_min;
  return out;
}

}  // namespace fermata
