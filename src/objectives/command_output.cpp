#include "objectives/command_output.hpp"

#include <charconv>
#include <cmath>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

/// The line as messages quote it: long lines are cut, they are not worth reading in full.
std::string quote_line(std::string_view line) {
  constexpr std::size_t kShown = 200;
  if (line.size() <= kShown) return fmt::format("'{}'", line);
  return fmt::format("'{}...' ({} characters)", line.substr(0, kShown), line.size());
}

/// What a JSON value is, for messages: "a string", "an array", ...
std::string kind_of(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    default:
      return "a number";
  }
}

/// The number under "error" of the JSON object that is the whole line; throws ModelError.
double json_error_member(const std::string& line) {
  constexpr int kMaxDepth = 64;
  const auto fail = [&](const std::string& what) {
    throw ModelError(fmt::format("{} in the last line {}", what, quote_line(line)));
  };
  int error_keys = 0;
  // Sees every key and nesting level as it is parsed: a repeated "error" would otherwise
  // silently keep the last value, and a deeply nested line is not worth parsing.
  const nlohmann::json::parser_callback_t inspect =
      [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        using Event = nlohmann::json::parse_event_t;
        if ((event == Event::object_start || event == Event::array_start) && depth >= kMaxDepth) {
          fail(fmt::format("invalid JSON: expected at most {} levels of nesting", kMaxDepth));
        }
        if (event == Event::key && depth == 1 && parsed == "error") ++error_keys;
        return true;
      };
  nlohmann::json object;
  try {
    object = nlohmann::json::parse(line, inspect);
  } catch (const nlohmann::json::out_of_range&) {
    return NAN;  // a number beyond double's range, reported as not finite
  } catch (const nlohmann::json::exception& e) {
    // "[json.exception.parse_error.101] parse error at line 1, column 15: ..." without the id.
    std::string what = e.what();
    if (const auto at = what.find("] "); at != std::string::npos) what.erase(0, at + 2);
    fail("invalid JSON: " + what);
  }
  if (!object.is_object()) fail("invalid JSON: expected an object");
  if (error_keys > 1) fail("the key \"error\" appears twice");
  const auto error = object.find("error");
  if (error == object.end()) fail("the JSON object has no \"error\" key");
  if (!error->is_number()) fail("\"error\" is " + kind_of(*error) + ", expected a number");
  return error->get<double>();
}

}  // namespace

double parse_error_line(const std::string& line) {
  if (line.empty()) throw ModelError("it printed nothing on standard output");
  double value = 0.0;
  if (line.front() == '{') {
    value = json_error_member(line);
  } else {
    // A leading '+' is what some printf formats produce; from_chars does not accept it.
    const std::string_view text =
        line.front() == '+' ? std::string_view(line).substr(1) : std::string_view(line);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc::result_out_of_range) value = NAN;  // reported as out of range
    if ((ec != std::errc() && ec != std::errc::result_out_of_range) ||
        end != text.data() + text.size()) {
      throw ModelError("its last line " + quote_line(line) +
                       " is neither a number nor a JSON object with an \"error\" number");
    }
  }
  if (!std::isfinite(value)) {
    throw ModelError("its last line " + quote_line(line) +
                     " reports an error that is not a finite double");
  }
  return value;
}

}  // namespace fermata
