#pragma once

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "job/yaml_reader.hpp"

namespace fermata::job_yaml {

/// @brief Applies `--set key.path=value` overrides to the job's YAML tree, in order, before
/// validation. The key path is split at '.', missing intermediate mappings are created, and
/// the value is parsed as YAML (so "5" is a number and "[a, b]" a list). Throws JobError
/// naming the override when it is malformed. Returns where each override wrote, so later
/// messages can point at it.
std::vector<OverrideOrigin> apply_overrides(YAML::Node& root,
                                            const std::vector<std::string>& overrides,
                                            const std::string& file);

}  // namespace fermata::job_yaml
