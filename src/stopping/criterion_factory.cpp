// The criteria, each declared once: its name, the options it reads, whether it needs the fold
// errors of cross-validation, and how it is made. The job parser, make_criterion, `fermata
// criterion` and the termination benchmark all go through this table.
#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include <fermata/core/error.hpp>
#include <fermata/stopping/criterion.hpp>
#include <fermata/stopping/options.hpp>

#include "stopping/criteria.hpp"
#include "stopping/criterion_spec.hpp"

namespace fermata {
namespace {

using stopping_detail::CriterionSpec;

struct CriterionKind {
  std::string name;
  /// The options the criterion reads: the keys its spec may set.
  std::vector<std::string> keys;
  /// It compares with the statistical error of the k fold errors, so it needs k >= 2.
  bool needs_folds = false;
  std::function<std::unique_ptr<StoppingCriterion>(const StoppingSettings&, std::string)> make;
  /// Checks beyond each option's range, throwing JobError naming `spec`; may be empty.
  std::function<void(const StoppingSettings&, const std::string& spec)> check;
};

void needs_threshold(const StoppingSettings& settings, const std::string& spec) {
  if (settings.number("threshold") <= 0.0) {
    throw JobError(fmt::format(
        "stopping criterion '{}': threshold must be a number > 0, found {} (it stops when the "
        "regret bound falls below it: set stopping.threshold in the job, or give it in the spec "
        "as static(threshold=...))",
        spec, settings.number("threshold")));
  }
}

const std::vector<CriterionKind>& kinds() {
  using namespace stopping_detail;
  static const std::vector<CriterionKind> all = {
      {kDefaultCriterion,
       {"error_scale", "top_fraction", "delta", "min_trials", "floor_per_dim", "support", "samples",
        "consecutive"},
       true,
       make_robust_regret_bound_criterion,
       {}},
      {"regret-bound",
       {"error_scale", "top_fraction", "delta", "min_trials"},
       true,
       make_regret_bound_criterion,
       {}},
      {"static",
       {"threshold", "top_fraction", "delta", "min_trials"},
       false,
       make_static_criterion,
       needs_threshold},
      {"patience", {"patience", "min_trials"}, false, make_patience_criterion, {}},
      {"ei-threshold", {"ei_threshold", "min_trials"}, false, make_ei_threshold_criterion, {}},
      {"pi-threshold", {"pi_threshold", "min_trials"}, false, make_pi_threshold_criterion, {}},
      {"emmr", {"emmr_threshold", "delta", "min_trials"}, false, make_emmr_criterion, {}},
      {"none",
       {},
       false,
       [](const StoppingSettings&, std::string label) {
         return make_none_criterion(std::move(label));
       },
       {}}};
  return all;
}

const CriterionKind* find_kind(const std::string& name) {
  const auto it = std::find_if(kinds().begin(), kinds().end(),
                               [&](const CriterionKind& k) { return k.name == name; });
  return it == kinds().end() ? nullptr : &*it;
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

const std::vector<std::string>& criterion_options(const std::string& name) {
  static const std::vector<std::string> none;
  const CriterionKind* kind = find_kind(name);
  return kind == nullptr ? none : kind->keys;
}

std::vector<std::string> options_read(const StoppingSettings& settings) {
  std::vector<std::string> read = criterion_options(settings.criterion);
  for (const std::string& spec : settings.monitor) {
    const auto& more = criterion_options(spec.substr(0, spec.find('(')));
    read.insert(read.end(), more.begin(), more.end());
  }
  return read;
}

std::unique_ptr<StoppingCriterion> make_criterion(const std::string& spec,
                                                  const StoppingSettings& settings, int folds) {
  const CriterionSpec parsed = stopping_detail::parse_criterion_spec(spec);
  const CriterionKind* kind = find_kind(parsed.name);
  if (kind == nullptr) {
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
  if (kind->needs_folds && folds < 2) {
    throw JobError(fmt::format(
        "stopping criterion '{}' compares the regret bound with the statistical error of the "
        "cross-validated estimate, which needs cv.folds >= 2 (found {}); without "
        "cross-validation use 'static' with stopping.threshold (e.g. static(threshold=0.01))",
        spec, folds));
  }
  if (kind->check) kind->check(merged, spec);
  return kind->make(merged, stopping_detail::canonical_label(parsed, kind->keys));
}

}  // namespace fermata
