#include "job/yaml_reader.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include <fermata/core/error.hpp>
#include <fermata/core/spelling.hpp>

#include "job/number_text.hpp"

namespace fermata::job_yaml {

// ---- Source ----------------------------------------------------------------------------

const OverrideOrigin* Source::override_of(const std::string& path) const {
  // The last override wins, as it does when they are applied; a value set for "a.b" also
  // owns everything below it ("a.b.c").
  for (auto it = overrides_.rbegin(); it != overrides_.rend(); ++it) {
    if (path == it->path || path.rfind(it->path + ".", 0) == 0 ||
        path.rfind(it->path + "[", 0) == 0) {
      return &*it;
    }
  }
  return nullptr;
}

void Source::fail(const YAML::Node& node, const std::string& path,
                  const std::string& message) const {
  if (const OverrideOrigin* origin = override_of(path)) {
    throw JobError(file_ + ": " + message + " (from --set " + origin->text + ")");
  }
  // An override below `path` (space.lr.low for space.lr) may have caused the problem.
  std::string note;
  for (const OverrideOrigin& origin : overrides_) {
    if (!path.empty() && origin.path.rfind(path + ".", 0) == 0) {
      note = " (after --set " + origin.text + ")";
    }
  }
  const YAML::Mark mark = node.IsDefined() ? node.Mark() : YAML::Mark::null_mark();
  if (mark.is_null()) throw JobError(file_ + ": " + message + note);
  throw JobError(file_ + ":" + std::to_string(mark.line + 1) + ":" +
                 std::to_string(mark.column + 1) + ": " + message + note);
}

void Source::fail(const std::string& message) const {
  throw JobError(file_ + ": " + message);
}

// ---- Range -----------------------------------------------------------------------------

bool Range::contains(double value) const {
  const bool above_low = low_open ? value > low : value >= low;
  const bool below_high = high_open ? value < high : value <= high;
  return above_low && below_high;
}

std::string Range::describe() const {
  const bool bounded_below = low > -1e308;
  const bool bounded_above = high < 1e308;
  if (bounded_below && bounded_above) {
    return std::string(" in ") + (low_open ? "(" : "[") + format_number(low) + ", " +
           format_number(high) + (high_open ? ")" : "]");
  }
  if (bounded_below) return (low_open ? " > " : " >= ") + format_number(low);
  if (bounded_above) return (high_open ? " < " : " <= ") + format_number(high);
  return "";
}

std::string describe_found(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return "'" + node.Scalar() + "'";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      break;
  }
  return "nothing";
}

// ---- MapReader -------------------------------------------------------------------------

/// The longest key a job may use (a parameter or model option name).
constexpr std::size_t kMaxKeyLength = 200;

void check_keys(const Source& source, const YAML::Node& map, const std::string& path,
                const std::vector<std::string>* allowed) {
  const std::string where = path.empty() ? "at the top level" : "in '" + path + "'";
  std::map<std::string, YAML::Mark> seen;
  for (const auto& entry : map) {
    const YAML::Node& key = entry.first;
    if (!key.IsScalar()) {
      source.fail(key, path, "expected a key name " + where + ", found " + describe_found(key));
    }
    const std::string& name = key.Scalar();
    // The resolved job is written back as YAML (checkpoint, validate), where a key longer
    // than 1024 characters or with control characters would not read back.
    const bool control = std::any_of(name.begin(), name.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (name.empty() || name.size() > kMaxKeyLength || control) {
      source.fail(key, path,
                  fmt::format("expected a key name {} of 1 to {} characters without control "
                              "characters, found one of {} characters{}",
                              where, kMaxKeyLength, name.size(),
                              control ? " with control characters" : ""));
    }
    const std::string key_path = path.empty() ? name : path + "." + name;
    if (const auto first = seen.find(name); first != seen.end()) {
      source.fail(key, key_path,
                  "key '" + name + "' appears twice " + where + " (first at line " +
                      std::to_string(first->second.line + 1) + ")");
    }
    seen.emplace(name, key.Mark());
    if (allowed == nullptr) continue;
    bool known = false;
    for (const std::string& candidate : *allowed) known = known || candidate == name;
    if (!known) {
      source.fail(key, key_path,
                  "unknown key '" + name + "' " + where + " (expected one of: " +
                      join_words(*allowed) + ")" + did_you_mean(name, *allowed));
    }
  }
}

MapReader::MapReader(const Source& source, const YAML::Node& node, std::string path,
                     const std::vector<std::string>& allowed)
    : source_(source), node_(node), path_(std::move(path)) {
  if (!node_.IsMap() && !node_.IsNull()) {
    source_.fail(node_, path_,
                 (path_.empty() ? std::string("the job") : path_) +
                     ": expected a mapping with keys " + join_words(allowed) + ", found " +
                     describe_found(node_));
  }
  if (node_.IsMap()) check_keys(source_, node_, path_, &allowed);
}

MapReader MapReader::child(const std::string& key, const std::vector<std::string>& allowed) const {
  return MapReader(source_, has(key) ? value(key) : YAML::Node(YAML::NodeType::Null), path_of(key),
                   allowed);
}

std::string MapReader::path_of(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

void MapReader::fail_at(const std::string& key, const std::string& message) const {
  source_.fail(value(key), path_of(key), path_of(key) + ": " + message);
}

std::string MapReader::scalar(const std::string& key, const std::string& expected) const {
  const YAML::Node node = value(key);
  if (!node.IsScalar()) fail_at(key, "expected " + expected + ", found " + describe_found(node));
  return node.Scalar();
}

void MapReader::read(const std::string& key, std::string& out) const {
  if (!has(key)) return;
  std::string text = scalar(key, "a string");
  if (text.empty()) fail_at(key, "expected a non-empty string, found ''");
  out = std::move(text);
}

void MapReader::read(const std::string& key, int& out, Range range) const {
  if (!has(key)) return;
  const std::string expected = "an integer" + range.describe();
  const std::string text = scalar(key, expected);
  const auto value = parse_integer(text);
  if (!value || *value < std::numeric_limits<int>::min() ||
      *value > std::numeric_limits<int>::max() || !range.contains(static_cast<double>(*value))) {
    fail_at(key, "expected " + expected + ", found '" + text + "'");
  }
  out = static_cast<int>(*value);
}

void MapReader::read(const std::string& key, double& out, Range range) const {
  if (!has(key)) return;
  const std::string expected = "a number" + range.describe();
  const std::string text = scalar(key, expected);
  const auto value = parse_number(text);
  if (!value || !range.contains(*value)) {
    fail_at(key, "expected " + expected + ", found '" + text + "'");
  }
  out = *value;
}

void MapReader::read(const std::string& key, bool& out) const {
  if (!has(key)) return;
  const std::string text = scalar(key, "true or false");
  // yaml-cpp's own conversion knows YAML's spellings (true/false, yes/no, on/off).
  if (!YAML::convert<bool>::decode(value(key), out)) {
    fail_at(key, "expected true or false, found '" + text + "'");
  }
}

void MapReader::read(const std::string& key, std::uint64_t& out) const {
  if (!has(key)) return;
  const std::string expected = "a non-negative integer";
  const std::string text = scalar(key, expected);
  const auto value = parse_unsigned(text);
  if (!value) fail_at(key, "expected " + expected + ", found '" + text + "'");
  out = *value;
}

void MapReader::read_choice(const std::string& key, std::string& out,
                            const std::vector<std::string>& valid) const {
  if (!has(key)) return;
  const std::string expected = "one of " + join_words(valid);
  const std::string text = scalar(key, expected);
  for (const std::string& candidate : valid) {
    if (candidate == text) {
      out = text;
      return;
    }
  }
  fail_at(key, "expected " + expected + ", found '" + text + "'" + did_you_mean(text, valid));
}

void MapReader::read(const std::string& key, std::vector<std::string>& out) const {
  if (!has(key)) return;
  const YAML::Node node = value(key);
  if (node.IsNull()) {
    out.clear();
    return;
  }
  if (node.IsScalar()) {
    out = {node.Scalar()};
    return;
  }
  if (!node.IsSequence()) fail_at(key, "expected a list, found " + describe_found(node));
  std::vector<std::string> items;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node item = node[i];
    const std::string item_path = path_of(key) + "[" + std::to_string(i) + "]";
    if (!item.IsScalar() || item.Scalar().empty()) {
      source_.fail(item, item_path,
                   item_path + ": expected a non-empty string, found " + describe_found(item));
    }
    items.push_back(item.Scalar());
  }
  out = std::move(items);
}

void MapReader::read(const std::string& key, std::map<std::string, std::string>& out) const {
  if (!has(key)) return;
  const YAML::Node node = value(key);
  if (node.IsNull()) {
    out.clear();
    return;
  }
  if (!node.IsMap()) fail_at(key, "expected a mapping, found " + describe_found(node));
  check_keys(source_, node, path_of(key), nullptr);
  std::map<std::string, std::string> entries;
  for (const auto& entry : node) {
    const YAML::Node& name = entry.first;
    const YAML::Node& item = entry.second;
    const std::string item_path = path_of(key) + "." + name.Scalar();
    if (!item.IsScalar()) {
      source_.fail(item, item_path,
                   item_path + ": expected a single value, found " + describe_found(item));
    }
    entries.emplace(name.Scalar(), item.Scalar());
  }
  out = std::move(entries);
}

}  // namespace fermata::job_yaml
