#pragma once

#include <cstdint>
#include <future>
#include <memory>
#include <optional>

#include <fermata/acquisition/acquisition.hpp>
#include <fermata/acquisition/acquisition_optimizer.hpp>
#include <fermata/gp/gaussian_process.hpp>
#include <fermata/gp/gp_fit.hpp>
#include <fermata/gp/refit_schedule.hpp>
#include <fermata/optimizer/optimizer.hpp>
#include <fermata/optimizer/random_search.hpp>

namespace fermata {

/// @brief GP-based Bayesian optimization (DESIGN.md §5.1).
///
/// - The first `initial_trials` suggestions (counting pending ones) come from a shifted
///   Sobol design; after that, from the GP.
/// - The GP (ARD Matérn-5/2 on one-hot encoded inputs, standardized targets) gets MAP
///   hyperparameters on the RefitSchedule; between refits new observations are added by
///   rank-one (or block) Cholesky updates. With concurrency allowed, a refit after
///   the first runs on a thread of its own (the MAP fit and the O(n³) factorization, ≈ 3 s
///   at n = 3000), while suggestions keep coming from the current model with the new
///   observations added; the refitted model replaces it at the first ask after it is done.
///   Batches then whiten their candidates on all the threads allowed.
/// - Pending configurations are conditioned on by the kriging believer: each is added as an
///   observation at the GP's own posterior mean, which collapses the variance there, so
///   concurrent suggestions spread out; suggestions also keep min_distance from pending ones.
/// - The acquisition (log-EI or LCB) is maximized by Sobol candidates plus L-BFGS-B.
/// - A batch (ask_batch, count > 1) is one kriging-believer batch over one candidate pool
///   (select_batch): the same conditioning, without copying the GP or refining each pick.
class BayesianOptimizer : public Optimizer {
 public:
  BayesianOptimizer(const Space& space, const OptimizerSettings& settings, std::uint64_t seed);

  Config ask(const std::vector<Config>& pending) override;
  std::vector<Config> ask_batch(const std::vector<Config>& pending, int count) override;
  void tell(const Observation& observation) override;
  OptimizerState state() const override;
  void restore(const OptimizerState& state, const std::vector<Observation>& observed) override;
  void allow_concurrency(int threads) override;

  /// The GP over the observations (without pending points), brought up to date; null before
  /// two observations.
  const GaussianProcess* model();
  std::int64_t refits() const { return schedule_.state().refits; }

 private:
  /// A model refitted on the first `n` observations.
  struct Refit {
    std::int64_t n = 0;
    GpHyperparameters hyperparameters;
    std::unique_ptr<GaussianProcess> gp;
  };

  void update_model();
  /// Starts a refit on the first n observations on a thread of its own.
  void start_background_refit(Eigen::Index n);
  /// Takes over a background refit that has finished, if any.
  void adopt_finished_refit();
  /// True while suggestions come from the initial design, with `pending` counted.
  bool in_initial_design(std::size_t pending) const;
  /// The three best observed points, where local candidates are sought.
  std::vector<Eigen::VectorXd> anchors() const;
  /// The acquisition of the settings on `model`, with the best observation as EI's threshold.
  Acquisition acquisition(const GaussianProcess& model) const;

  Space space_;
  OptimizerSettings settings_;
  std::uint64_t seed_;
  RandomSearch initial_design_;  ///< the Sobol design, also the fallback for a duplicate
  Rng rng_;
  GpPrior prior_;
  GpFitSettings fit_settings_;
  AcquisitionSearch search_;
  RefitSchedule schedule_;
  std::optional<GpHyperparameters> hyperparameters_;
  std::vector<Observation> observed_;
  Eigen::MatrixXd x_;  ///< encoded observations
  Eigen::VectorXd y_;
  std::unique_ptr<GaussianProcess> gp_;
  Eigen::Index in_model_ = 0;  ///< observations already in gp_
  bool background_refits_ = false;
  std::future<Refit> refit_;  ///< the refit running in the background, if any
};

}  // namespace fermata
