#include "stopping/stopping_model.hpp"

#include <deque>
#include <mutex>

#include <fermata/core/rng.hpp>
#include <fermata/gp/gp_fit.hpp>
#include <fermata/gp/gp_prior.hpp>

namespace fermata::stopping_detail {
namespace {

constexpr std::uint64_t kStoppingTag = 0x5709;

}  // namespace

std::uint64_t fit_seed(std::uint64_t seed, std::size_t n) {
  return derive_seed(seed, {kStreamOptimizer, kStoppingTag, static_cast<std::uint64_t>(n)});
}

std::uint64_t search_seed(std::uint64_t seed, std::size_t n) {
  return derive_seed(seed, {kStreamOptimizer, kStoppingTag, static_cast<std::uint64_t>(n), 1});
}

GpHyperparameters fit_map_hyperparameters(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                          std::uint64_t rng_seed) {
  // The acting criterion and the monitors fit the same GP to the same prefix (EI, PI and
  // EMMR all fit every trial; regret-bound variants that differ only in error_scale fit the
  // same top set), so the last few fits are kept and reused for identical inputs. The fit
  // is deterministic in (x, y, seed), so this changes no value.
  struct CachedFit {
    std::uint64_t seed;
    Eigen::MatrixXd x;
    Eigen::VectorXd y;
    GpHyperparameters hyperparameters;
  };
  constexpr std::size_t kCachedFits = 16;
  static std::mutex mutex;
  static std::deque<CachedFit> fits;
  {
    std::lock_guard lock(mutex);
    for (const CachedFit& f : fits) {
      if (f.seed == rng_seed && f.x.rows() == x.rows() && f.x.cols() == x.cols() && f.x == x &&
          f.y == y) {
        return f.hyperparameters;
      }
    }
  }
  GpFitSettings settings;
  settings.subset_seed = rng_seed;
  Rng rng(rng_seed);
  const GpHyperparameters h =
      fit_hyperparameters(x, y, GpPrior::weak(x.cols()), settings, rng).hyperparameters;
  std::lock_guard lock(mutex);
  fits.push_front({rng_seed, x, y, h});
  if (fits.size() > kCachedFits) fits.pop_back();
  return h;
}

Eigen::MatrixXd encoded_inputs(const std::vector<const Trial*>& trials, const Space& space) {
  Eigen::MatrixXd x(static_cast<Eigen::Index>(trials.size()),
                    static_cast<Eigen::Index>(space.encoded_dim()));
  for (std::size_t i = 0; i < trials.size(); ++i) {
    x.row(static_cast<Eigen::Index>(i)) = space.encode(trials[i]->params).transpose();
  }
  return x;
}

Eigen::VectorXd trial_values(const std::vector<const Trial*>& trials) {
  Eigen::VectorXd y(static_cast<Eigen::Index>(trials.size()));
  for (std::size_t i = 0; i < trials.size(); ++i)
    y[static_cast<Eigen::Index>(i)] = trials[i]->value;
  return y;
}

std::size_t incumbent_position(const Eigen::VectorXd& values) {
  std::size_t best = 0;
  for (Eigen::Index i = 1; i < values.size(); ++i) {
    if (values[i] < values[static_cast<Eigen::Index>(best)]) best = static_cast<std::size_t>(i);
  }
  return best;
}

}  // namespace fermata::stopping_detail
