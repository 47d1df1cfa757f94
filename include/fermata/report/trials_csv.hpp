#pragma once

#include <string>

#include <fermata/study/study.hpp>

namespace fermata {

/// @brief Every trial of a study as one CSV row (RFC 4180), in trial order, for pandas, R or a
/// spreadsheet (`fermata export CHECKPOINT --csv`). Columns:
///   trial, state (pending, running, complete, failed, pruned), one per hyperparameter by name
///   (natural units; a categorical as its choice), value (mean fold error), fold_0 ..
///   fold_{k-1}, test_error (the incumbent's once this trial completed), started, finished
///   (ISO 8601 UTC), seconds_0 .. seconds_{k-1} (each fold's training time), worker_0 ..
///   worker_{k-1} (the rank that ran the fold), attempts (failed fold attempts over all
///   folds), message (why the trial failed).
/// A number not known yet (a fold not done, a value before completion) is an empty cell. A
/// hyperparameter named like one of the other columns gets the column `param.<name>`.
/// Numbers are printed so that they read back exactly.
std::string trials_csv(const Study& study);

}  // namespace fermata
