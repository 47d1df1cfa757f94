#include <fermata/optimizer/random_search.hpp>

#include <fermata/core/rng.hpp>

namespace fermata {

RandomSearch::RandomSearch(const Space& space, std::uint64_t seed)
    : space_(space), seed_(derive_seed(seed, {kStreamOptimizer})), sobol_(space.size(), seed_) {}

Config RandomSearch::ask(const std::vector<Config>& pending) {
  // A Sobol sequence never repeats a point, but after rounding of integers and snapping of
  // categoricals two points can coincide; skip ahead (boundedly) past pending duplicates.
  Config config = space_.from_uniform(sobol_.next());
  for (int tries = 0; tries < 64; ++tries) {
    bool duplicate = false;
    for (const Config& p : pending) duplicate = duplicate || p == config;
    if (!duplicate) break;
    config = space_.from_uniform(sobol_.next());
  }
  return config;
}

OptimizerState RandomSearch::state() const {
  OptimizerState state;
  state.kind = "random";
  state.scalars["sobol_index"] = static_cast<double>(sobol_.index());
  return state;
}

void RandomSearch::restore(const OptimizerState& state, const std::vector<Observation>&) {
  const auto it = state.scalars.find("sobol_index");
  const auto index = it == state.scalars.end() ? 0 : static_cast<std::uint64_t>(it->second);
  sobol_ = SobolSequence(space_.size(), seed_, index);
}

}  // namespace fermata
