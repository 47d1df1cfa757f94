#pragma once

#include <string>
#include <vector>

namespace fermata {

/// @brief Optimal-string-alignment distance: insertions, deletions, substitutions and
/// swaps of two neighbours each cost 1 ("max_trail" is 1 from "max_trial").
std::size_t edit_distance(const std::string& a, const std::string& b);

/// @brief "; did you mean 'x'?" for the nearest candidate within distance 2 (the first on
/// a tie), or "" when none is that close.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

/// @brief The words separated by ", ".
std::string join_words(const std::vector<std::string>& words);

}  // namespace fermata
