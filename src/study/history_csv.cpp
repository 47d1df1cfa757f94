#include <fermata/study/history_csv.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) {
    const auto first = field.find_first_not_of(" \t\r");
    const auto last = field.find_last_not_of(" \t\r");
    fields.push_back(first == std::string::npos ? "" : field.substr(first, last - first + 1));
  }
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

double parse_number(const std::string& text, bool& ok) {
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  ok = ec == std::errc() && ptr == end && std::isfinite(value);
  return value;
}

}  // namespace

std::string history_csv(const std::vector<const Trial*>& trials, const Space& space, int folds) {
  std::string out = "trial";
  for (const Parameter& p : space.parameters()) out += "," + p.name;
  for (int f = 0; f < folds; ++f) out += fmt::format(",fold_{}", f);
  out += "\n";
  for (const Trial* t : trials) {
    out += std::to_string(t->id);
    for (std::size_t i = 0; i < space.size(); ++i) {
      out += space[i].kind == ParamKind::kCategorical ? "," + space.format_value(i, t->params[i])
                                                      : fmt::format(",{}", t->params[i]);
    }
    for (double e : t->fold_error) out += fmt::format(",{}", e);
    out += "\n";
  }
  return out;
}

std::vector<Trial> read_history_csv(const std::string& path, const Space& space, int folds) {
  std::ifstream in(path);
  if (!in) throw DataError(path + ": cannot open the history file");
  std::string line;
  if (!std::getline(in, line)) throw DataError(path + ":1: empty file, expected a header row");
  const std::vector<std::string> header = split_fields(line);
  auto column = [&](const std::string& name) -> std::size_t {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) {
      throw DataError(
          fmt::format("{}:1: missing column '{}' (expected trial, {} and fold_0 .. "
                      "fold_{})",
                      path, name, space.size() == 0 ? "" : space[0].name + " ...", folds - 1));
    }
    return static_cast<std::size_t>(it - header.begin());
  };
  const std::size_t trial_column = column("trial");
  std::vector<std::size_t> param_columns, fold_columns;
  for (const Parameter& p : space.parameters()) param_columns.push_back(column(p.name));
  for (int f = 0; f < folds; ++f) fold_columns.push_back(column(fmt::format("fold_{}", f)));

  std::vector<Trial> trials;
  for (int number = 2; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::vector<std::string> fields = split_fields(line);
    if (fields.size() != header.size()) {
      throw DataError(fmt::format("{}:{}: expected {} fields (as in the header), found {}", path,
                                  number, header.size(), fields.size()));
    }
    auto number_at = [&](std::size_t c) {
      bool ok = false;
      const double value = parse_number(fields[c], ok);
      if (!ok) {
        throw DataError(fmt::format("{}:{}: column '{}': expected a finite number, found '{}'",
                                    path, number, header[c], fields[c]));
      }
      return value;
    };
    Config params(space.size());
    for (std::size_t i = 0; i < space.size(); ++i) {
      const Parameter& p = space[i];
      const std::string& text = fields[param_columns[i]];
      const auto choice = std::find(p.choices.begin(), p.choices.end(), text);
      if (p.kind == ParamKind::kCategorical && choice != p.choices.end()) {
        params[i] = static_cast<double>(choice - p.choices.begin());
      } else if (p.kind == ParamKind::kCategorical) {
        throw DataError(fmt::format("{}:{}: column '{}': expected one of the choices, found '{}'",
                                    path, number, p.name, text));
      } else {
        params[i] = number_at(param_columns[i]);
      }
    }
    Trial t = Trial::make(static_cast<std::int64_t>(number_at(trial_column)), params, folds);
    double sum = 0.0;
    for (int f = 0; f < folds; ++f) {
      t.fold_error[static_cast<std::size_t>(f)] =
          number_at(fold_columns[static_cast<std::size_t>(f)]);
      sum += t.fold_error[static_cast<std::size_t>(f)];
    }
    t.state = TrialState::kComplete;
    t.value = sum / folds;
    t.finished = static_cast<double>(number);  // file order is completion order
    trials.push_back(std::move(t));
  }
  return trials;
}

}  // namespace fermata
