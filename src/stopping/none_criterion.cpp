// `none`: never stops and records nothing; the budget ends the run.
#include <utility>

#include "stopping/criteria.hpp"

namespace fermata::stopping_detail {
namespace {

class NoCriterion : public StoppingCriterion {
 public:
  explicit NoCriterion(std::string label) : label_(std::move(label)) {}

  std::string label() const override { return label_; }

  StoppingDecision evaluate(const std::vector<const Trial*>&,
                            const StoppingContext&) const override {
    return {false, "no stopping criterion; the budget decides", {}};
  }

 private:
  std::string label_;
};

}  // namespace

std::unique_ptr<StoppingCriterion> make_none_criterion(std::string label) {
  return std::make_unique<NoCriterion>(std::move(label));
}

}  // namespace fermata::stopping_detail
