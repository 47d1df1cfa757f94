#include <fermata/core/error.hpp>
#include <fermata/optimizer/bayesian_optimizer.hpp>
#include <fermata/optimizer/optimizer.hpp>
#include <fermata/optimizer/random_search.hpp>

namespace fermata {

std::vector<Config> Optimizer::ask_batch(const std::vector<Config>& pending, int count) {
  std::vector<Config> all = pending;
  std::vector<Config> out;
  for (int i = 0; i < count; ++i) {
    out.push_back(ask(all));
    all.push_back(out.back());
  }
  return out;
}

std::unique_ptr<Optimizer> make_optimizer(const OptimizerSettings& settings, const Space& space,
                                          std::uint64_t seed) {
  if (settings.kind == "random") return std::make_unique<RandomSearch>(space, seed);
  if (settings.kind == "bo") return std::make_unique<BayesianOptimizer>(space, settings, seed);
  throw JobError("optimizer.kind: expected bo or random, found '" + settings.kind + "'");
}

}  // namespace fermata
