#pragma once

#include <string>

#include <fermata/study/study.hpp>

namespace fermata {

/// @brief The plain-text report of a study (DESIGN.md §8): the best configuration, its mean
/// CV error and fold errors, trials completed / failed / unfinished, the stop reason, and
/// total training and wall time.
std::string text_report(const Study& study);

}  // namespace fermata
