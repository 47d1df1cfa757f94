#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace fermata::job_yaml {

/// @brief A key path set by `--set`: its nodes have no line in the job file, so messages
/// about them name the override instead.
struct OverrideOrigin {
  std::string path;  ///< "budget.max_trials"
  std::string text;  ///< "budget.max_trials=5", as the user typed it
};

/// @brief The job file's name and the overrides applied to it: what every message needs.
class Source {
 public:
  Source(std::string file, std::vector<OverrideOrigin> overrides)
      : file_(std::move(file)), overrides_(std::move(overrides)) {}

  const std::string& file() const { return file_; }

  /// @brief Throws JobError "<file>:<line>:<col>: <message>", the position being the node's
  /// (1-based); "<file>: <message> (from --set ...)" when an override wrote `path`.
  [[noreturn]] void fail(const YAML::Node& node, const std::string& path,
                         const std::string& message) const;

  /// @brief Throws JobError "<file>: <message>", for problems with no single place.
  [[noreturn]] void fail(const std::string& message) const;

 private:
  const OverrideOrigin* override_of(const std::string& path) const;

  std::string file_;
  std::vector<OverrideOrigin> overrides_;
};

/// @brief An interval a number must lie in, with its description for messages.
struct Range {
  double low = -1e308;
  double high = 1e308;
  bool low_open = false;
  bool high_open = false;

  static Range any() { return {}; }
  static Range at_least(double low) { return {low, 1e308, false, false}; }
  static Range above(double low) { return {low, 1e308, true, false}; }
  /// [low, high)
  static Range closed_open(double low, double high) { return {low, high, false, true}; }
  /// (low, high]
  static Range open_closed(double low, double high) { return {low, high, true, false}; }
  /// (low, high)
  static Range open(double low, double high) { return {low, high, true, true}; }
  /// [low, high]
  static Range closed(double low, double high) { return {low, high, false, false}; }

  bool contains(double value) const;
  /// " >= 1", " in (0, 1]", or "" for any().
  std::string describe() const;
};

/// @brief "'ten'", "a list", "a mapping" or "nothing": what a message says was found.
std::string describe_found(const YAML::Node& node);

/// @brief Rejects non-scalar and repeated keys of the mapping `map` (at key path `path`),
/// and, unless `allowed` is null, keys not in `allowed`, suggesting the nearest valid one.
void check_keys(const Source& source, const YAML::Node& map, const std::string& path,
                const std::vector<std::string>* allowed);

/// @brief One YAML mapping of the job (a block, or a space parameter) with typed getters
/// that name the key path and its line. Construction rejects unknown and repeated keys, so
/// a typo never falls back to a default. Getters leave `out` untouched when the key is
/// absent: the default-constructed settings struct holds the defaults.
class MapReader {
 public:
  /// `node` must be a mapping, or null (an empty block: every default); `path` is "" for
  /// the top level, else "budget", "data.generate", "space.lr", ...
  MapReader(const Source& source, const YAML::Node& node, std::string path,
            const std::vector<std::string>& allowed);

  /// @brief The block under `key` (every default when absent), with its allowed keys.
  MapReader child(const std::string& key, const std::vector<std::string>& allowed) const;

  bool has(const std::string& key) const { return node_.IsMap() && node_[key].IsDefined(); }
  YAML::Node value(const std::string& key) const { return node_[key]; }
  const YAML::Node& node() const { return node_; }
  const std::string& path() const { return path_; }
  /// "budget.max_trials" (or "seed" at the top level).
  std::string path_of(const std::string& key) const;
  const Source& source() const { return source_; }

  /// @brief Throws JobError at `key`'s value: "<where>: <path.key>: <message>".
  [[noreturn]] void fail_at(const std::string& key, const std::string& message) const;

  void read(const std::string& key, std::string& out) const;  ///< non-empty scalar text
  void read(const std::string& key, int& out, Range range = Range::any()) const;
  void read(const std::string& key, double& out, Range range = Range::any()) const;
  void read(const std::string& key, bool& out) const;
  void read(const std::string& key, std::uint64_t& out) const;
  /// One of `valid` (with a suggestion when misspelt).
  void read_choice(const std::string& key, std::string& out,
                   const std::vector<std::string>& valid) const;
  /// A list of scalars; a single scalar counts as a list of one.
  void read(const std::string& key, std::vector<std::string>& out) const;
  /// A mapping of scalars, values kept as their scalar text.
  void read(const std::string& key, std::map<std::string, std::string>& out) const;

 private:
  /// The value's scalar text; error when it is not a scalar (a list, a mapping, nothing).
  std::string scalar(const std::string& key, const std::string& expected) const;

  const Source& source_;
  YAML::Node node_;
  std::string path_;
};

}  // namespace fermata::job_yaml
