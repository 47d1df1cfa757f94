#include <iostream>

#include <fermata/job/job.hpp>

#include "cli/commands.hpp"

namespace fermata::cli {

int validate_command(const std::string& job, const std::vector<std::string>& sets) {
  std::cout << to_yaml(load_job(job, sets));
  return 0;
}

}  // namespace fermata::cli
