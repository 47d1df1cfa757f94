#include <fermata/optimizer/bayesian_optimizer.hpp>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <optional>
#include <sstream>

#include <fermata/acquisition/batch_selection.hpp>
#include <fermata/core/rng.hpp>

namespace fermata {

BayesianOptimizer::BayesianOptimizer(const Space& space, const OptimizerSettings& settings,
                                     std::uint64_t seed)
    : space_(space),
      settings_(settings),
      seed_(derive_seed(seed, {kStreamOptimizer})),
      initial_design_(space, seed),
      rng_(derive_seed(seed, {kStreamOptimizer, 1})),
      prior_(GpPrior::weak(static_cast<Eigen::Index>(space.encoded_dim()))),
      x_(0, static_cast<Eigen::Index>(space.encoded_dim())) {
  fit_settings_.subset_seed = seed_;
  search_.min_distance = 0.02;
}

void BayesianOptimizer::update_model() {
  const auto n = static_cast<Eigen::Index>(observed_.size());
  if (n < 2) {
    gp_.reset();
    in_model_ = 0;
    return;
  }
  adopt_finished_refit();
  if (n == in_model_ && gp_) return;
  const bool refit_due = schedule_.should_refit(n) || !hyperparameters_;
  if (refit_due && background_refits_ && gp_ && hyperparameters_) {
    // The current model answers until the refit is done; it only grows meanwhile.
    if (!refit_.valid()) start_background_refit(n);
  } else if (refit_due) {
    const GpFitResult fit =
        fit_hyperparameters(x_, y_, prior_, fit_settings_, rng_, hyperparameters_);
    hyperparameters_ = fit.hyperparameters;
    gp_ = std::make_unique<GaussianProcess>(x_, y_, *hyperparameters_);
    schedule_.record_refit(n);
    in_model_ = n;
    return;
  }
  if (!gp_) {
    gp_ = std::make_unique<GaussianProcess>(x_, y_, *hyperparameters_);
  } else if (n > in_model_) {
    gp_->add_observations(x_.bottomRows(n - in_model_), y_.tail(n - in_model_));
  }
  in_model_ = n;
}

void BayesianOptimizer::allow_concurrency(int threads) {
  background_refits_ = true;
  search_.threads = std::max(1, threads);
}

void BayesianOptimizer::start_background_refit(Eigen::Index n) {
  // Copies only: the thread shares nothing with this optimizer. Its random starts come
  // from a stream of their own (the optimizer's stream is in use meanwhile), numbered by
  // the refit, so a refit's starts do not depend on when it ran.
  refit_ = std::async(
      std::launch::async,
      [x = Eigen::MatrixXd(x_.topRows(n)), y = Eigen::VectorXd(y_.head(n)), prior = prior_,
       settings = fit_settings_, warm = hyperparameters_,
       seed = derive_seed(
           seed_, {kStreamOptimizer, 2, static_cast<std::uint64_t>(schedule_.state().refits)})] {
        Rng rng(seed);
        Refit out;
        out.n = x.rows();
        out.hyperparameters = fit_hyperparameters(x, y, prior, settings, rng, warm).hyperparameters;
        out.gp = std::make_unique<GaussianProcess>(x, y, out.hyperparameters);
        return out;
      });
}

void BayesianOptimizer::adopt_finished_refit() {
  if (!refit_.valid() || refit_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    return;
  }
  Refit refit = refit_.get();  // rethrows what the fit threw
  hyperparameters_ = refit.hyperparameters;
  gp_ = std::move(refit.gp);
  in_model_ = refit.n;
  schedule_.record_refit(refit.n);
}

const GaussianProcess* BayesianOptimizer::model() {
  update_model();
  return gp_.get();
}

bool BayesianOptimizer::in_initial_design(std::size_t pending) const {
  return observed_.size() + pending < static_cast<std::size_t>(settings_.initial_trials) ||
         observed_.size() < 2;
}

std::vector<Eigen::VectorXd> BayesianOptimizer::anchors() const {
  std::vector<Eigen::Index> order(static_cast<std::size_t>(y_.size()));
  std::iota(order.begin(), order.end(), 0);
  const std::size_t keep = std::min<std::size_t>(3, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
                    [&](Eigen::Index a, Eigen::Index b) { return y_[a] < y_[b]; });
  std::vector<Eigen::VectorXd> out;
  for (std::size_t i = 0; i < keep; ++i) out.push_back(x_.row(order[i]).transpose());
  return out;
}

Acquisition BayesianOptimizer::acquisition(const GaussianProcess& model) const {
  const Standardization& s = gp_->standardization();
  const double best = (y_.minCoeff() - s.offset) / s.scale;
  const AcquisitionKind kind = settings_.acquisition == "lcb"
                                   ? AcquisitionKind::kLowerConfidenceBound
                                   : AcquisitionKind::kExpectedImprovement;
  return Acquisition(model, kind, best);
}

Config BayesianOptimizer::ask(const std::vector<Config>& pending) {
  if (in_initial_design(pending.size())) return initial_design_.ask(pending);
  update_model();
  // Kriging believer: pending points enter a copy of the GP as observations at the
  // posterior mean (no copy, O(n²) memory, when nothing is pending). A point observed at
  // its own posterior mean leaves the mean unchanged everywhere, so every pending point's
  // believed value is the mean of the data-only GP, and all of them are added in one block
  // (one blocked solve and one copy of the factor, not one per point).
  std::optional<GaussianProcess> believer;
  std::vector<Eigen::VectorXd> avoid;
  if (!pending.empty()) {
    Eigen::MatrixXd xp(static_cast<Eigen::Index>(pending.size()), gp_->dim());
    for (std::size_t i = 0; i < pending.size(); ++i) {
      avoid.push_back(space_.encode(pending[i]));
      xp.row(static_cast<Eigen::Index>(i)) = avoid.back().transpose();
    }
    believer.emplace(*gp_);
    believer->add_observations(xp, gp_->predict(xp).mean);
  }
  const GaussianProcess& model = believer ? *believer : *gp_;
  const Eigen::VectorXd x =
      maximize_acquisition(acquisition(model), space_, anchors(), avoid, search_, rng_);
  Config config = space_.decode(x);
  if (std::find(pending.begin(), pending.end(), config) != pending.end()) {
    return initial_design_.ask(pending);
  }
  return config;
}

std::vector<Config> BayesianOptimizer::ask_batch(const std::vector<Config>& pending, int count) {
  // A single suggestion is found as ask() finds it (the best pool points refined from
  // several starts, on a copy of the GP with the pending points added) up to
  // kAskAlonePoints observations. Above, that copy and its refinement cost seconds with a
  // hundred points in flight, and one suggestion is a batch of one: the same conditioning
  // without a copy, the same pool, fewer refined starts.
  constexpr std::size_t kAskAlonePoints = 1000;
  if (count == 1 && observed_.size() <= kAskAlonePoints) return {ask(pending)};
  std::vector<Config> all = pending;
  std::vector<Config> out;
  auto take = [&](Config config) {
    if (std::find(all.begin(), all.end(), config) != all.end()) {
      config = initial_design_.ask(all);
    }
    all.push_back(config);
    out.push_back(std::move(config));
  };
  while (static_cast<int>(out.size()) < count && in_initial_design(all.size())) {
    take(initial_design_.ask(all));
  }
  if (static_cast<int>(out.size()) >= count) return out;
  update_model();
  std::vector<Eigen::VectorXd> conditioned;
  for (const Config& c : all) conditioned.push_back(space_.encode(c));
  const std::vector<Eigen::VectorXd> picks =
      select_batch(acquisition(*gp_), *gp_, space_, anchors(), conditioned,
                   count - static_cast<int>(out.size()), search_, rng_);
  for (const Eigen::VectorXd& x : picks) take(space_.decode(x));
  return out;
}

void BayesianOptimizer::tell(const Observation& observation) {
  observed_.push_back(observation);
  const Eigen::Index n = x_.rows();
  x_.conservativeResize(n + 1, Eigen::NoChange);
  x_.row(n) = space_.encode(observation.config).transpose();
  y_.conservativeResize(n + 1);
  y_[n] = observation.value;
}

OptimizerState BayesianOptimizer::state() const {
  OptimizerState state;
  state.kind = "bo";
  state.scalars["sobol_index"] = initial_design_.state().scalars.at("sobol_index");
  state.scalars["last_refit_n"] = static_cast<double>(schedule_.state().last_refit_n);
  state.scalars["refits"] = static_cast<double>(schedule_.state().refits);
  if (hyperparameters_) {
    const Eigen::VectorXd theta = hyperparameters_->to_vector();
    state.vectors["gp_theta"] = std::vector<double>(theta.data(), theta.data() + theta.size());
    state.scalars["gp_mean"] = hyperparameters_->mean;
  }
  std::ostringstream rng;
  rng << rng_;
  state.rng = rng.str();
  return state;
}

void BayesianOptimizer::restore(const OptimizerState& state,
                                const std::vector<Observation>& observed) {
  auto scalar = [&](const char* name) {
    const auto it = state.scalars.find(name);
    return it == state.scalars.end() ? 0.0 : it->second;
  };
  if (refit_.valid()) refit_.wait();
  refit_ = {};
  initial_design_.restore(state, {});
  schedule_ = RefitSchedule(RefitPolicy{}, {static_cast<std::int64_t>(scalar("last_refit_n")),
                                            static_cast<std::int64_t>(scalar("refits"))});
  hyperparameters_.reset();
  if (const auto it = state.vectors.find("gp_theta"); it != state.vectors.end()) {
    const Eigen::VectorXd theta = Eigen::Map<const Eigen::VectorXd>(
        it->second.data(), static_cast<Eigen::Index>(it->second.size()));
    hyperparameters_ = GpHyperparameters::from_vector(theta, scalar("gp_mean"));
  }
  if (!state.rng.empty()) {
    std::istringstream rng(state.rng);
    rng >> rng_;
  }
  observed_.clear();
  x_.resize(0, static_cast<Eigen::Index>(space_.encoded_dim()));
  y_.resize(0);
  gp_.reset();
  in_model_ = 0;
  for (const Observation& o : observed) tell(o);
}

}  // namespace fermata
