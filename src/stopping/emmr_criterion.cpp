// `emmr` (Ishibashi et al., AISTATS 2023), as Optuna's EMMREvaluator with, by default, the
// threshold of its MedianErrorEvaluator.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <mutex>
#include <optional>
#include <utility>

#include <fermata/core/error.hpp>

#include "stopping/criteria.hpp"
#include "stopping/emmr.hpp"
#include "stopping/stopping_model.hpp"

namespace fermata::stopping_detail {
namespace {

// Optuna's MedianErrorEvaluator defaults: the threshold is 1% of the median EMMR of the 20
// histories trials[10 : 10 + i], i = 1..20 (the first 10 trials, mostly the initial design,
// are discarded; a history of one trial has no EMMR and counts as +∞).
constexpr std::size_t kWarmUpTrials = 10;
constexpr std::size_t kInitialTrials = 20;
constexpr double kThresholdRatio = 0.01;

class EmmrCriterion : public SettingsCriterion {
 public:
  using SettingsCriterion::SettingsCriterion;

  /// Values: n_trials, emmr, threshold, mean_shift, expected_shift, kappa, kl_divergence
  /// (objective units but the KL, in nats). Stops when emmr < threshold.
  StoppingDecision evaluate(const std::vector<const Trial*>& complete,
                            const StoppingContext& context) const override {
    const std::size_t n = complete.size();
    EmmrTerms terms{kNaN, kNaN, kNaN, kNaN, kNaN};
    std::string failure;
    if (n >= 2) {
      try {
        terms = emmr_of(complete, context);
      } catch (const Error& e) {
        failure = e.what();
      }
    }
    const double threshold = threshold_for(complete, context);
    StoppingDecision d;
    d.values = {{"n_trials", static_cast<double>(n)},
                {"emmr", terms.emmr},
                {"threshold", threshold},
                {"mean_shift", terms.mean_shift},
                {"expected_shift", terms.expected_shift},
                {"kappa", terms.kappa},
                {"kl_divergence", terms.kl_divergence}};
    std::string why = comparison("EMMR", terms.emmr, "threshold", threshold, n);
    if (!failure.empty()) why += " (" + failure + ")";
    decide(d, n, settings_.integer("min_trials"), terms.emmr < threshold, why);
    return d;
  }

 private:
  EmmrTerms emmr_of(const std::vector<const Trial*>& trials, const StoppingContext& context) const {
    return compute_emmr(encoded_inputs(trials, context.space), trial_values(trials), context.space,
                        settings_.number("delta"), context.seed);
  }

  /// The absolute threshold if one is set; else Optuna's median rule once its 30 trials exist.
  double threshold_for(const std::vector<const Trial*>& complete,
                       const StoppingContext& context) const {
    if (settings_.number("emmr_threshold") > 0.0) return settings_.number("emmr_threshold");
    if (complete.size() < kWarmUpTrials + kInitialTrials) return kNaN;
    // The reference depends only on the first 30 trials: cache it, keyed by their content, so
    // evaluate stays a pure function of the prefix without refitting 19 GPs every trial.
    std::vector<double> key;
    for (std::size_t i = 0; i < kWarmUpTrials + kInitialTrials; ++i) {
      key.insert(key.end(), complete[i]->params.begin(), complete[i]->params.end());
      key.push_back(complete[i]->value);
    }
    const std::lock_guard lock(cache_mutex_);
    if (!cache_ || cache_->key != key || cache_->seed != context.seed) {
      cache_ = Reference{key, context.seed, median_threshold(complete, context)};
    }
    return cache_->threshold;
  }

  double median_threshold(const std::vector<const Trial*>& complete,
                          const StoppingContext& context) const {
    std::vector<double> reference;
    for (std::size_t i = 1; i <= kInitialTrials; ++i) {
      const std::vector<const Trial*> history(complete.begin() + kWarmUpTrials,
                                              complete.begin() + kWarmUpTrials + i);
      double value = std::numeric_limits<double>::infinity();
      if (history.size() >= 2) {
        try {
          value = emmr_of(history, context).emmr;
        } catch (const Error&) {
          // Not computable: counts as +∞, as in Optuna.
        }
      }
      reference.push_back(value);
    }
    std::sort(reference.begin(), reference.end());
    return kThresholdRatio * reference[reference.size() / 2];
  }

  mutable std::mutex cache_mutex_;
  struct Reference {
    std::vector<double> key;  ///< parameters and values of the first 30 trials
    std::uint64_t seed = 0;
    double threshold = 0.0;
  };
  mutable std::optional<Reference> cache_;
};

}  // namespace

std::unique_ptr<StoppingCriterion> make_emmr_criterion(const StoppingSettings& settings,
                                                       std::string label) {
  return std::make_unique<EmmrCriterion>(settings, std::move(label));
}

}  // namespace fermata::stopping_detail
