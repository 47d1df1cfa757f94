#pragma once

#include <vector>

#include <fermata/job/job.hpp>
#include <fermata/optimizer/optimizer.hpp>
#include <fermata/study/study.hpp>

namespace fermata {

/// @brief A new study for `job`, or, with `resume`, the one in the job's checkpoint.
/// Without `resume`, an existing checkpoint is a JobError that names both ways forward
/// (resume, or remove the file): a checkpoint is never silently overwritten. With `resume`
/// and no checkpoint yet, a new study starts (so a batch script can always pass --resume).
/// A checkpoint whose space, folds or seed differ from the job is refused, naming the
/// difference.
Study open_study(const Job& job, bool resume);

/// @brief Every completed trial as the optimizer was told it: in completion order.
std::vector<Observation> completed_observations(const Study& study);

/// @brief Gives the optimizer its saved state and every completed trial.
void restore_optimizer(Optimizer& optimizer, const Study& study);

}  // namespace fermata
