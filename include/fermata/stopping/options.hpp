#pragma once

#include <string>
#include <vector>

namespace fermata {

/// @brief One numeric stopping option, declared once: the job parser reads it from the
/// `stopping` block, a spec sets it as name(key=value), `fermata validate` prints it, and the
/// criteria that list it read it.
struct StoppingOption {
  std::string key;
  double default_value = 0.0;
  bool integer = false;
  double low = -1e308;
  double high = 1e308;
  bool low_open = false;
  bool high_open = false;
  std::string doc;  ///< what it means, for messages and documentation

  bool accepts(double value) const;
  /// "an integer >= 1", "a number in (0, 1]", ... as messages state it.
  std::string range() const;
};

/// @brief Every numeric stopping option, in the order `fermata validate` prints them.
const std::vector<StoppingOption>& stopping_options();

/// @brief The option named `key`, or nullptr.
const StoppingOption* find_stopping_option(const std::string& key);

}  // namespace fermata
