#include "objectives/persistent_protocol.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

using nlohmann::json;

/// The line if it is a JSON object, else null (no exception: most lines are not replies).
json parse_object(const std::string& line) {
  if (line.empty() || line.front() != '{') return nullptr;
  json parsed = json::parse(line, nullptr, /*allow_exceptions=*/false);
  return parsed.is_object() ? parsed : json(nullptr);
}

std::string quote(const std::string& line) {
  constexpr std::size_t kShown = 200;
  if (line.size() <= kShown) return "'" + line + "'";
  return fmt::format("'{}...' ({} characters)", line.substr(0, kShown), line.size());
}

}  // namespace

std::string request_line(const FoldRequest& request, const Space& space, const Config& config,
                         const std::map<std::string, std::string>& fixed) {
  json values = json::object();
  for (std::size_t i = 0; i < space.size(); ++i) {
    const std::string text = space.format_value(i, config[i]);
    // The value a per-fold command line would get (6 significant digits), so both modes train
    // on the same numbers; a float stays a float even where its text is a whole number.
    switch (space[i].kind) {
      case ParamKind::kCategorical:
        values[space[i].name] = text;
        break;
      case ParamKind::kInt:
        values[space[i].name] = std::stoll(text);
        break;
      default:
        values[space[i].name] = std::stod(text);
    }
  }
  json line = {{"id", request.id},     {"trial", request.trial}, {"folds", request.folds},
               {"seed", request.seed}, {"data", request.data},   {"threads", request.threads},
               {"config", values},     {"fixed", json(fixed)}};
  line["fold"] = request.fold == "test" ? json("test") : json(std::stoi(request.fold));
  return line.dump();
}

bool is_reply_to(const std::string& line, std::int64_t id) {
  const json object = parse_object(line);
  if (!object.is_object() || (!object.contains("error") && !object.contains("failed"))) {
    return false;
  }
  const auto echoed = object.find("id");
  return echoed == object.end() ||
         (echoed->is_number_integer() && echoed->get<std::int64_t>() == id);
}

double parse_reply(const std::string& line) {
  const json object = parse_object(line);
  if (!object.is_object()) throw ModelError("its reply " + quote(line) + " is not a JSON object");
  if (const auto failed = object.find("failed"); failed != object.end()) {
    const std::string why = failed->is_string() ? failed->get<std::string>() : failed->dump();
    throw ModelError("reported that the fold failed: " + why);
  }
  const auto error = object.find("error");
  if (error == object.end() || !error->is_number()) {
    throw ModelError("its reply " + quote(line) + " has no \"error\" number");
  }
  const double value = error->get<double>();
  if (!std::isfinite(value)) {
    throw ModelError("its reply " + quote(line) + " reports an error that is not finite");
  }
  return value;
}

}  // namespace fermata
