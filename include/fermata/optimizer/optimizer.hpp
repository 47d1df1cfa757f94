#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <fermata/optimizer/settings.hpp>
#include <fermata/space/space.hpp>
#include <fermata/study/study.hpp>

namespace fermata {

/// @brief A finished evaluation the optimizer learns from.
struct Observation {
  Config config;
  double value;
};

/// @brief Suggests configurations (ask) and learns from results (tell). It sees plain
/// observations and the configurations still running, never the transport.
class Optimizer {
 public:
  virtual ~Optimizer() = default;

  /// The next configuration, distinct from the `pending` ones (dispatched, not finished).
  virtual Config ask(const std::vector<Config>& pending) = 0;
  /// `count` configurations to start at once, distinct from `pending` and from each other,
  /// from one model state. By default, ask() `count` times, each with the earlier ones
  /// pending; an optimizer with a cheaper way to choose a batch overrides it.
  virtual std::vector<Config> ask_batch(const std::vector<Config>& pending, int count);
  /// A completed evaluation.
  virtual void tell(const Observation& observation) = 0;

  /// Everything needed to continue the same sequence after a restart.
  virtual OptimizerState state() const = 0;
  /// Restores `state` and the observations made so far.
  virtual void restore(const OptimizerState& state, const std::vector<Observation>& observed) = 0;
  /// Lets the optimizer spread a decision over `threads` threads and refit its model on a
  /// thread of its own, answering from the model it has meanwhile. Suggestions then depend
  /// on timing, so only the asynchronous planner allows it; by default it changes nothing.
  virtual void allow_concurrency(int threads) { (void)threads; }
};

/// @brief The optimizer of `settings.kind` over `space`.
std::unique_ptr<Optimizer> make_optimizer(const OptimizerSettings& settings, const Space& space,
                                          std::uint64_t seed);

}  // namespace fermata
