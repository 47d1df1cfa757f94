#include "job/overrides.hpp"

#include <fermata/core/error.hpp>

namespace fermata::job_yaml {

namespace {

std::vector<std::string> split_key_path(const std::string& path, const std::string& text) {
  std::vector<std::string> keys;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    const std::string key = path.substr(start, dot == std::string::npos ? dot : dot - start);
    if (key.empty()) {
      throw JobError("--set " + text + ": the key path '" + path +
                     "' has an empty part (expected key.path=value, e.g. budget.max_trials=50)");
    }
    keys.push_back(key);
    if (dot == std::string::npos) return keys;
    start = dot + 1;
  }
}

YAML::Node parse_value(const std::string& value, const std::string& text) {
  try {
    return YAML::Load(value);
  } catch (const YAML::Exception& e) {
    throw JobError("--set " + text + ": the value is not valid YAML: " + e.msg);
  }
}

}  // namespace

std::vector<OverrideOrigin> apply_overrides(YAML::Node& root,
                                            const std::vector<std::string>& overrides,
                                            const std::string& file) {
  std::vector<OverrideOrigin> origins;
  if (overrides.empty()) return origins;
  if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  for (const std::string& text : overrides) {
    const std::size_t equals = text.find('=');
    if (equals == std::string::npos) {
      throw JobError("--set " + text + ": expected key.path=value (e.g. budget.max_trials=50)");
    }
    const std::string path = text.substr(0, equals);
    const std::vector<std::string> keys = split_key_path(path, text);
    const YAML::Node value = parse_value(text.substr(equals + 1), text);

    // reset() rebinds `current`; assigning a Node would overwrite the node it refers to.
    YAML::Node current;
    current.reset(root);
    std::string walked;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (!current.IsMap()) {
        throw JobError("--set " + text + ": cannot set '" + path + "' because '" +
                       (walked.empty() ? std::string("the job") : walked) + "' in " + file +
                       " is not a mapping");
      }
      walked += (walked.empty() ? "" : ".") + keys[i];
      if (i + 1 == keys.size()) {
        current[keys[i]] = value;
        break;
      }
      YAML::Node next = current[keys[i]];
      if (!next.IsDefined() || next.IsNull()) next = YAML::Node(YAML::NodeType::Map);
      current.reset(next);
    }
    origins.push_back({path, text});
  }
  return origins;
}

}  // namespace fermata::job_yaml
