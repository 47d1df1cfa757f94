#include <fermata/core/error.hpp>
#include <fermata/optimizer/bayesian_optimizer.hpp>
#include <fermata/optimizer/optimizer.hpp>
#include <fermata/optimizer/random_search.hpp>

namespace fermata {

std::unique_ptr<Optimizer> make_optimizer(const OptimizerSettings& settings, const Space& space,
                                          std::uint64_t seed) {
  if (settings.kind == "random") return std::make_unique<RandomSearch>(space, seed);
  if (settings.kind == "bo") return std::make_unique<BayesianOptimizer>(space, settings, seed);
  throw JobError("optimizer.kind: expected bo or random, found '" + settings.kind + "'");
}

}  // namespace fermata
