// make_criterion: spec → criterion, with the parameters each criterion accepts.
#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include <fermata/core/error.hpp>
#include <fermata/stopping/criterion.hpp>

#include "stopping/criteria.hpp"
#include "stopping/criterion_spec.hpp"

namespace fermata {
namespace {

using stopping_detail::CriterionSpec;

struct CriterionKind {
  std::string name;
  /// The StoppingSettings fields the criterion reads: the keys its spec may set.
  std::vector<std::string> keys;
  std::function<std::unique_ptr<StoppingCriterion>(const StoppingSettings&, std::string)> make;
};

const std::vector<CriterionKind>& kinds() {
  using namespace stopping_detail;
  static const std::vector<CriterionKind> all = {
      {"regret-bound",
       {"error_scale", "top_fraction", "delta", "min_trials"},
       make_regret_bound_criterion},
      {"static", {"threshold", "top_fraction", "delta", "min_trials"}, make_static_criterion},
      {"patience", {"patience", "min_trials"}, make_patience_criterion},
      {"ei-threshold", {"ei_threshold", "min_trials"}, make_ei_threshold_criterion},
      {"pi-threshold", {"pi_threshold", "min_trials"}, make_pi_threshold_criterion},
      {"emmr", {"emmr_threshold", "delta", "min_trials"}, make_emmr_criterion},
      {"none", {}, [](const StoppingSettings&, std::string label) {
         return make_none_criterion(std::move(label));
       }}};
  return all;
}

}  // namespace

const std::vector<std::string>& criterion_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const CriterionKind& kind : kinds()) out.push_back(kind.name);
    return out;
  }();
  return names;
}

std::unique_ptr<StoppingCriterion> make_criterion(const std::string& spec,
                                                  const StoppingSettings& settings, int folds) {
  const CriterionSpec parsed = stopping_detail::parse_criterion_spec(spec);
  const auto kind = std::find_if(kinds().begin(), kinds().end(),
                                 [&](const CriterionKind& k) { return k.name == parsed.name; });
  if (kind == kinds().end()) {
    throw JobError(fmt::format("unknown stopping criterion '{}' (expected one of: {})", parsed.name,
                               fmt::join(criterion_names(), ", ")));
  }
  StoppingSettings merged = settings;
  for (const auto& [key, value] : parsed.parameters) {
    if (std::find(kind->keys.begin(), kind->keys.end(), key) == kind->keys.end()) {
      throw JobError(
          fmt::format("stopping criterion '{}': '{}' has no parameter '{}' (expected {})", spec,
                      kind->name, key,
                      kind->keys.empty() ? std::string("none")
                                         : fmt::format("{}", fmt::join(kind->keys, ", "))));
    }
    stopping_detail::set_parameter(merged, key, value, spec);
  }
  for (const std::string& key : kind->keys) stopping_detail::check_parameter(merged, key, spec);
  if (kind->name == "regret-bound" && folds < 2) {
    throw JobError(fmt::format(
        "stopping criterion '{}' compares the regret bound with the statistical error of the "
        "cross-validated estimate, which needs cv.folds >= 2 (found {}); without "
        "cross-validation use 'static' with stopping.threshold (e.g. static(threshold=0.01))",
        spec, folds));
  }
  return kind->make(merged, stopping_detail::canonical_label(parsed, kind->keys));
}

}  // namespace fermata
