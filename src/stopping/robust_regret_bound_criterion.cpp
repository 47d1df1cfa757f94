// `robust-regret-bound`: fermata's default criterion (DESIGN.md §5.5). The principle of the
// paper's regret-bound (stop once r̄ < ε), with the bound computed so that it is not
// overconfident in many dimensions: a top set that grows with the dimension, the LCB minimum
// searched where the GP has support, optionally averaged over hyperparameter draws, and a
// decision that must hold on consecutive trials. The evidence: tests/bench/README.md,
// "Termination on real data".
#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <utility>

#include <fmt/format.h>

#include <fermata/core/error.hpp>
#include <fermata/core/rng.hpp>
#include <fermata/stopping/statistical_error.hpp>

#include "stopping/bound_design.hpp"
#include "stopping/criteria.hpp"
#include "stopping/stopping_model.hpp"

namespace fermata::stopping_detail {
namespace {

/// r̄ and ε of one prefix.
struct PrefixBound {
  RegretBound bound;
  double epsilon = kNaN;
  std::string failure;
  bool fires() const { return bound.regret_bound < epsilon; }
};

class RobustRegretBoundCriterion : public SettingsCriterion {
 public:
  RobustRegretBoundCriterion(const StoppingSettings& settings, std::string label)
      : SettingsCriterion(settings, std::move(label)) {}

  /// Values: n_trials, regret_bound, statistical_error, beta, ucb_min, lcb_min, top_size,
  /// streak (trials in a row, up to `consecutive`, whose r̄ < ε). Stops when the streak
  /// reaches `consecutive`.
  StoppingDecision evaluate(const std::vector<const Trial*>& complete,
                            const StoppingContext& context) const override {
    const std::size_t n = complete.size();
    const PrefixBound current = prefix_bound(complete, n, context);
    const auto needed = static_cast<std::size_t>(settings_.integer("consecutive"));
    std::size_t streak = 0;
    while (streak < needed && streak < n && prefix_bound(complete, n - streak, context).fires()) {
      ++streak;
    }
    StoppingDecision d;
    const RegretBound& b = current.bound;
    d.values = {{"n_trials", static_cast<double>(n)},
                {"regret_bound", b.regret_bound},
                {"statistical_error", current.epsilon},
                {"beta", b.beta},
                {"ucb_min", b.ucb_min},
                {"lcb_min", b.lcb_min},
                {"top_size", b.top_size > 0 ? static_cast<double>(b.top_size) : kNaN},
                {"streak", static_cast<double>(streak)}};
    std::string why =
        comparison("regret bound", b.regret_bound, "statistical error", current.epsilon, n);
    if (needed > 1) why += fmt::format(" ({} of {} trials in a row)", streak, needed);
    if (!current.failure.empty()) why += " (" + current.failure + ")";
    decide(d, n, settings_.integer("min_trials"), streak >= needed, why);
    return d;
  }

 private:
  /// The bound of the first `n` trials, computed once per prefix: the streak looks back at
  /// earlier prefixes, which were evaluated before (online, after every trial).
  PrefixBound prefix_bound(const std::vector<const Trial*>& complete, std::size_t n,
                           const StoppingContext& context) const {
    const std::vector<const Trial*> prefix(complete.begin(),
                                           complete.begin() + static_cast<std::ptrdiff_t>(n));
    const std::uint64_t key = fingerprint(prefix, context.seed);
    {
      std::lock_guard lock(mutex_);
      const auto it = cache_.find(key);
      if (it != cache_.end()) return it->second;
    }
    PrefixBound out;
    out.bound = {kNaN, kNaN, kNaN, kNaN, kNaN, 0};
    if (n >= 2) {
      std::vector<Eigen::VectorXd> x;
      std::vector<double> y;
      for (const Trial* t : prefix) {
        x.push_back(context.space.encode(t->params));
        y.push_back(t->value);
      }
      BoundDesign design;
      const int d = static_cast<int>(context.space.size());
      design.top_floor = std::max(20, static_cast<int>(std::ceil(settings_.number("floor_per_dim") *
                                                                 static_cast<double>(d))));
      design.support = settings_.number("support");
      design.hyperparameter_samples = settings_.integer("samples");
      try {
        out.bound =
            compute_regret_bound_design(x, y, context.space, settings_, context.seed, design);
      } catch (const Error& e) {
        out.failure = e.what();
      }
    }
    out.epsilon = incumbent_statistical_error(prefix, context, settings_.number("error_scale"));
    std::lock_guard lock(mutex_);
    cache_.emplace(key, out);
    return out;
  }

  /// Identifies a prefix by its trials' ids and values (and the seed that shapes its fits).
  static std::uint64_t fingerprint(const std::vector<const Trial*>& prefix, std::uint64_t seed) {
    std::uint64_t h = mix_seed(seed ^ prefix.size());
    for (const Trial* t : prefix) {
      std::uint64_t bits = 0;
      static_assert(sizeof(bits) == sizeof(t->value));
      std::memcpy(&bits, &t->value, sizeof(bits));
      h = mix_seed(h ^ static_cast<std::uint64_t>(t->id)) ^ mix_seed(bits + h);
    }
    return h;
  }

  mutable std::mutex mutex_;
  mutable std::map<std::uint64_t, PrefixBound> cache_;
};

}  // namespace

std::unique_ptr<StoppingCriterion> make_robust_regret_bound_criterion(
    const StoppingSettings& settings, std::string label) {
  return std::make_unique<RobustRegretBoundCriterion>(settings, std::move(label));
}

}  // namespace fermata::stopping_detail
