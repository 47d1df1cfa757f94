#include <fermata/gp/gp_fit.hpp>

#include <algorithm>
#include <cmath>
#include <exception>
#include <future>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <LBFGSB.h>

#include <fermata/core/error.hpp>

namespace fermata {

namespace {

/// The L-BFGS-B objective; remembers the best finite point it was evaluated at, so a start
/// whose line search later throws still contributes what it found.
class MapObjective {
 public:
  MapObjective(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const GpPrior& prior)
      : x_(x), y_(y), prior_(prior) {}

  double operator()(const Eigen::VectorXd& theta, Eigen::VectorXd& gradient) {
    ++evaluations_;
    const double value = negative_log_posterior(x_, y_, theta, prior_, &gradient);
    if (!std::isfinite(value) || !gradient.allFinite()) {
      throw Error("non-finite MAP objective at θ with log noise variance " +
                  std::to_string(theta[theta.size() - 1]));
    }
    if (value < best_value_) {
      best_value_ = value;
      best_theta_ = theta;
    }
    return value;
  }

  double best_value() const { return best_value_; }
  const Eigen::VectorXd& best_theta() const { return best_theta_; }
  int evaluations() const { return evaluations_; }

 private:
  const Eigen::MatrixXd& x_;
  const Eigen::VectorXd& y_;
  const GpPrior& prior_;
  double best_value_ = std::numeric_limits<double>::infinity();
  Eigen::VectorXd best_theta_;
  int evaluations_ = 0;
};

/// Rows of the subset: the `size` rows with the smallest keys mix(seed, row), in row order.
std::vector<Eigen::Index> stable_subset(Eigen::Index n, Eigen::Index size, std::uint64_t seed) {
  std::vector<std::pair<std::uint64_t, Eigen::Index>> keyed(static_cast<std::size_t>(n));
  for (Eigen::Index row = 0; row < n; ++row) {
    keyed[static_cast<std::size_t>(row)] = {derive_seed(seed, {static_cast<std::uint64_t>(row)}),
                                            row};
  }
  std::nth_element(keyed.begin(), keyed.begin() + size, keyed.end());
  std::vector<Eigen::Index> rows(static_cast<std::size_t>(size));
  for (Eigen::Index i = 0; i < size; ++i) {
    rows[static_cast<std::size_t>(i)] = keyed[static_cast<std::size_t>(i)].second;
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

LBFGSpp::LBFGSBParam<double> solver_parameters(int max_iterations) {
  LBFGSpp::LBFGSBParam<double> param;
  param.max_iterations = max_iterations;
  // θ matters to ~1e-3 in log space and the objective to ~1e-3 nats; tighter tolerances only
  // burn O(n³) evaluations on the flat top of the posterior.
  param.epsilon = 1e-3;
  param.epsilon_rel = 0.0;
  param.past = 1;
  param.delta = 1e-7;
  return param;
}

/// One L-BFGS-B run; a run that throws keeps the best finite point it evaluated.
struct StartOutcome {
  double value = std::numeric_limits<double>::infinity();
  Eigen::VectorXd theta;
  int evaluations = 0;
  bool failed = false;
};

StartOutcome run_start(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const GpPrior& prior,
                       const LBFGSpp::LBFGSBParam<double>& param, const Eigen::VectorXd& start,
                       const Eigen::VectorXd& lower, const Eigen::VectorXd& upper) {
  LBFGSpp::LBFGSBSolver<double> solver(param);
  MapObjective objective(x, y, prior);
  StartOutcome outcome;
  Eigen::VectorXd theta = start;
  double value = 0.0;
  try {
    solver.minimize(objective, theta, value, lower, upper);
  } catch (const std::exception&) {
    // Line-search failures near a flat optimum, or a factorization failure at an extreme θ.
    outcome.failed = true;
  }
  outcome.value = objective.best_value();
  outcome.theta = objective.best_theta();
  outcome.evaluations = objective.evaluations();
  return outcome;
}

}  // namespace

double negative_log_posterior(const Eigen::MatrixXd& x, const Eigen::VectorXd& y_standardized,
                              const Eigen::VectorXd& theta, const GpPrior& prior,
                              Eigen::VectorXd* gradient) {
  const GpHyperparameters h = GpHyperparameters::from_vector(theta);
  Eigen::VectorXd prior_gradient;
  const double log_prior = prior.log_density(theta, gradient ? &prior_gradient : nullptr);
  const double log_likelihood = log_marginal_likelihood(x, y_standardized, h, gradient);
  if (gradient != nullptr) *gradient = -(*gradient + prior_gradient);
  return -(log_likelihood + log_prior);
}

GpFitResult fit_hyperparameters(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                const GpPrior& prior, const GpFitSettings& settings, Rng& rng,
                                const std::optional<GpHyperparameters>& warm_start) {
  const Eigen::Index n = x.rows();
  const Eigen::Index dim = x.cols();
  if (n == 0 || n != y.size() || dim == 0) {
    throw std::invalid_argument(
        "fit_hyperparameters: needs n >= 1 points with D >= 1 columns "
        "and one target each; found " +
        std::to_string(n) + " x " + std::to_string(dim) + " inputs and " +
        std::to_string(y.size()) + " targets");
  }
  if (!x.allFinite() || !y.allFinite()) {
    throw std::invalid_argument("fit_hyperparameters: inputs and targets must be finite");
  }
  if (settings.max_iterations < 1 || settings.random_starts < 0 ||
      settings.random_starts_large < 0 || settings.max_fit_points < 1 || settings.threads < 1) {
    throw std::invalid_argument(
        "fit_hyperparameters: settings need max_iterations >= 1, "
        "max_fit_points >= 1, threads >= 1 and start counts >= 0");
  }
  if (warm_start && warm_start->dim() != dim) {
    throw std::invalid_argument("fit_hyperparameters: warm start has " +
                                std::to_string(warm_start->dim()) + " lengthscales, data has " +
                                std::to_string(dim) + " columns");
  }

  const Eigen::VectorXd y_standardized = Standardization::of(y).apply(y);
  const bool subsample = n > settings.max_fit_points;
  Eigen::MatrixXd x_fit;
  Eigen::VectorXd y_fit;
  if (subsample) {
    const std::vector<Eigen::Index> rows =
        stable_subset(n, settings.max_fit_points, settings.subset_seed);
    x_fit = x(rows, Eigen::all);
    y_fit = y_standardized(rows);
  } else {
    x_fit = x;
    y_fit = y_standardized;
  }

  const Eigen::VectorXd lower = prior.lower_bounds(dim);
  const Eigen::VectorXd upper = prior.upper_bounds(dim);
  std::vector<Eigen::VectorXd> starts;
  if (warm_start) starts.push_back(warm_start->to_vector().cwiseMax(lower).cwiseMin(upper));
  if (!warm_start || (!subsample && settings.centre_with_warm_start)) {
    starts.push_back(prior.center(dim));
  }
  const int random_starts = subsample ? settings.random_starts_large : settings.random_starts;
  for (int s = 0; s < random_starts; ++s) starts.push_back(prior.sample(dim, rng));

  const LBFGSpp::LBFGSBParam<double> param = solver_parameters(settings.max_iterations);
  std::vector<StartOutcome> outcomes(starts.size());
  const std::size_t threads = std::min(static_cast<std::size_t>(settings.threads), starts.size());
  // Start i runs on thread i mod threads; every outcome has its own slot, so the reduction
  // below sees the same values in the same order whatever the thread count.
  auto run_share = [&](std::size_t first) {
    for (std::size_t i = first; i < starts.size(); i += threads) {
      outcomes[i] = run_start(x_fit, y_fit, prior, param, starts[i], lower, upper);
    }
  };
  if (threads == 1) {
    run_share(0);
  } else {
    std::vector<std::future<void>> shares;
    for (std::size_t t = 0; t < threads; ++t) {
      shares.push_back(std::async(std::launch::async, run_share, t));
    }
    for (std::future<void>& share : shares) share.get();
  }

  GpFitResult result;
  result.fit_points = x_fit.rows();
  result.objective = std::numeric_limits<double>::infinity();
  Eigen::VectorXd best_theta;
  for (const StartOutcome& outcome : outcomes) {
    ++result.starts;
    if (outcome.failed) ++result.failed_starts;
    result.evaluations += outcome.evaluations;
    if (outcome.value < result.objective) {
      result.objective = outcome.value;
      best_theta = outcome.theta;
    }
  }
  if (!std::isfinite(result.objective)) {
    throw Error("fit_hyperparameters: no start gave a finite MAP objective on " +
                std::to_string(result.fit_points) + " points in " + std::to_string(dim) +
                " dimensions; expected finite, distinct inputs in the unit cube");
  }
  result.hyperparameters = GpHyperparameters::from_vector(best_theta);
  return result;
}

}  // namespace fermata
