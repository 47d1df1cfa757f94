#pragma once

#include <map>
#include <string>
#include <vector>

namespace fermata {

/// @brief The job's `stopping` block: which criterion acts, which are monitored, and the
/// numeric options (declared once, with their defaults and ranges, in stopping_options()).
struct StoppingSettings {
  /// The acting criterion. The job parser resolves an absent key to kDefaultCriterion when
  /// cv.folds >= 2 and to "none" otherwise.
  std::string criterion = "none";
  std::vector<std::string> monitor;
  /// The options set by the job or a spec; every other option has its declared default.
  std::map<std::string, double> values;

  /// @brief The value of option `key`: set, or its declared default. Throws std::logic_error
  /// for a key that stopping_options() does not declare (a programming error).
  double number(const std::string& key) const;
  /// @brief number(key) of an integer option, as an int.
  int integer(const std::string& key) const;
  /// @brief Sets option `key` (declared, or std::logic_error); the value is checked by the
  /// job parser and make_criterion, not here.
  void set(const std::string& key, double value);
  /// @brief Whether option `key` was set rather than left at its default.
  bool has(const std::string& key) const { return values.count(key) > 0; }
};

/// @brief fermata's own criterion (DESIGN.md §5.5), acting by default with cv.folds >= 2.
inline constexpr const char* kDefaultCriterion = "robust-regret-bound";

}  // namespace fermata
