#include <iostream>

#include <fermata/core/error.hpp>
#include <fermata/job/job.hpp>
#include <fermata/objectives/objective.hpp>

#include "cli/commands.hpp"

namespace fermata::cli {

void check_job_model_options(const Job& job) {
  try {
    check_model_options(ObjectiveSpec{job.space, job.model, job.data, job.cv, job.seed});
  } catch (const JobError& e) {
    throw JobError(job.file + ": " + e.what());
  }
}

int validate_command(const std::string& job, const std::vector<std::string>& sets) {
  const Job loaded = load_job(job, sets);
  check_job_model_options(loaded);
  std::cout << to_yaml(loaded);
  return 0;
}

}  // namespace fermata::cli
