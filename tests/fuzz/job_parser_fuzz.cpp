// The job parser with --set overrides: any text is a Job or a JobError, and a parsed job
// printed by to_yaml parses back to the same text. An input whose first line starts with
// "--set " gives the overrides (space-separated key=value) and the rest is the YAML.
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include <fermata/core/error.hpp>
#include <fermata/job/job.hpp>

#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string yaml = fermata::fuzz::text(data, size);
  std::vector<std::string> overrides;
  if (yaml.starts_with("--set ")) {
    const auto end = yaml.find('\n');
    std::istringstream words(
        yaml.substr(6, end == std::string::npos ? std::string::npos : end - 6));
    for (std::string word; words >> word;) overrides.push_back(word);
    yaml = end == std::string::npos ? std::string() : yaml.substr(end + 1);
  }
  fermata::Job job;
  try {
    job = fermata::parse_job(yaml, "fuzz.yaml", overrides);
  } catch (const fermata::JobError&) {
    return 0;
  }
  const std::string printed = fermata::to_yaml(job);
  if (fermata::to_yaml(fermata::parse_job(printed, "printed.yaml")) != printed) std::abort();
  return 0;
}
