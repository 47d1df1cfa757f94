#pragma once

#include <cstdint>

#include <fermata/optimizer/optimizer.hpp>
#include <fermata/space/sobol.hpp>

namespace fermata {

/// @brief Random search along a shifted Sobol sequence: uniform, low-discrepancy, and
/// reproducible from (seed, index) alone.
class RandomSearch : public Optimizer {
 public:
  RandomSearch(const Space& space, std::uint64_t seed);

  Config ask(const std::vector<Config>& pending) override;
  void tell(const Observation&) override {}
  OptimizerState state() const override;
  void restore(const OptimizerState& state, const std::vector<Observation>& observed) override;

 private:
  Space space_;
  std::uint64_t seed_;
  SobolSequence sobol_;
};

}  // namespace fermata
