#pragma once

#include <string>
#include <vector>

#include <fermata/space/space.hpp>
#include <fermata/study/trial.hpp>

namespace fermata {

/// @brief Writes completed trials as the history CSV of `fermata criterion` (DESIGN.md §3):
/// columns `trial`, one per hyperparameter (natural units, categoricals as their choice),
/// `fold_0 .. fold_{k-1}`; numbers printed so they read back exactly; rows in the order
/// given (the order the trials completed).
std::string history_csv(const std::vector<const Trial*>& trials, const Space& space, int folds);

/// @brief Reads a history CSV into complete trials (value = mean of the folds), in file
/// order. Throws DataError naming the file and line for a missing file, a missing
/// `trial`, hyperparameter or fold column, a non-numeric or missing cell, an unknown
/// categorical choice, or a row with the wrong number of fields.
std::vector<Trial> read_history_csv(const std::string& path, const Space& space, int folds);

}  // namespace fermata
