#pragma once

#include <fermata/comm/channel.hpp>
#include <fermata/objectives/objective.hpp>

namespace fermata {

/// @brief Evaluates one task: times the fold and turns an exception or a non-finite error
/// into a failed result with its message (a worker's failure is data, not a crash).
ResultMessage evaluate_task(Objective& objective, const TaskMessage& task, int worker);

/// @brief A worker's loop: announce, then evaluate tasks until told to stop.
/// Returns the number of folds evaluated.
long run_worker(WorkerChannel& channel, Objective& objective);

}  // namespace fermata
