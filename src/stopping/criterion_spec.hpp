#pragma once

#include <string>
#include <utility>
#include <vector>

#include <fermata/stopping/settings.hpp>

namespace fermata::stopping_detail {

/// @brief A criterion spec as written: "name" or "name(key=value, ...)".
struct CriterionSpec {
  std::string name;
  std::vector<std::pair<std::string, double>> parameters;  ///< in the order written
};

/// @brief Parses the syntax of a spec (names and numbers, blanks allowed around them); throws
/// JobError naming the spec for anything else, including a key given twice.
CriterionSpec parse_criterion_spec(const std::string& spec);

/// @brief Sets option `key` to `value`. Throws JobError, naming `spec`, if `key` is not a
/// declared option or an integer option gets a value that is not an integer.
void set_parameter(StoppingSettings& settings, const std::string& key, double value,
                   const std::string& spec);

/// @brief Throws JobError, naming `spec`, unless option `key` of `settings` is in its declared
/// range (stopping_options()).
void check_parameter(const StoppingSettings& settings, const std::string& key,
                     const std::string& spec);

/// @brief The canonical spec: `name`, or "name(key=value,...)" with the parameters in the
/// order of `keys` and values printed shortest-exact.
std::string canonical_label(const CriterionSpec& spec, const std::vector<std::string>& keys);

}  // namespace fermata::stopping_detail
