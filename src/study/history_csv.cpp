#include <fermata/study/history_csv.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

constexpr const char* kJobPrefix = "#| ";

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

bool skipped(const std::string& line) {
  return line.find_first_not_of(" \t\r") == std::string::npos || line.front() == '#';
}

std::string header_row(const Space& space, int folds, bool timing) {
  std::string out = "trial";
  for (const Parameter& p : space.parameters()) out += "," + p.name;
  for (int f = 0; f < folds; ++f) out += fmt::format(",fold_{}", f);
  if (timing) {
    for (int f = 0; f < folds; ++f) out += fmt::format(",seconds_{}", f);
    out += ",test_error";
  }
  return out + "\n";
}

std::string trial_row(const Trial& t, const Space& space, bool timing) {
  std::string out = std::to_string(t.id);
  for (std::size_t i = 0; i < space.size(); ++i) {
    out += space[i].kind == ParamKind::kCategorical ? "," + space.format_value(i, t.params[i])
                                                    : fmt::format(",{}", t.params[i]);
  }
  for (double e : t.fold_error) out += fmt::format(",{}", e);
  if (timing) {
    for (double s : t.fold_seconds) out += fmt::format(",{}", s);
    out += std::isfinite(t.test_error) ? fmt::format(",{}", t.test_error) : ",";
  }
  return out + "\n";
}

}  // namespace

std::string history_csv(const std::vector<const Trial*>& trials, const Space& space, int folds) {
  std::string out = header_row(space, folds, false);
  for (const Trial* t : trials) out += trial_row(*t, space, false);
  return out;
}

std::string recorded_history_csv(const std::vector<const Trial*>& trials, const Space& space,
                                 int folds, const HistoryHeader& header) {
  std::string out = "# fermata recorded run: the completed trials in the order they completed\n";
  if (!header.run.empty()) out += "# run: " + header.run + "\n";
  if (std::isfinite(header.validation_ratio)) {
    out += fmt::format("# validation_ratio: {}\n", header.validation_ratio);
  }
  std::istringstream job(header.job_yaml);
  for (std::string line; std::getline(job, line);) out += kJobPrefix + line + "\n";
  out += header_row(space, folds, true);
  for (const Trial* t : trials) out += trial_row(*t, space, true);
  return out;
}

HistoryHeader parse_history_header(const std::string& text, const std::string& name) {
  HistoryHeader header;
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line) && (line.empty() || line.front() == '#'); ++number) {
    if (line.rfind(kJobPrefix, 0) == 0 || line == "#|") {
      header.job_yaml += line.substr(std::min<std::size_t>(line.size(), 3)) + "\n";
    } else if (line.rfind("# run: ", 0) == 0) {
      header.run = line.substr(7);
    } else if (line.rfind("# validation_ratio: ", 0) == 0) {
      bool ok = false;
      header.validation_ratio = parse_number(line.substr(20), ok);
      if (!ok || header.validation_ratio <= 0) {
        throw DataError(fmt::format("{}:{}: validation_ratio: expected a number > 0, found '{}'",
                                    name, number, line.substr(20)));
      }
    }
  }
  return header;
}

std::vector<Trial> parse_history_csv(const std::string& text, const std::string& name,
                                     const Space& space, int folds, bool require_timing) {
  std::istringstream in(text);
  std::string line;
  int header_line = 0;
  while (std::getline(in, line)) {
    ++header_line;
    if (!skipped(line)) break;
    line.clear();
  }
  if (line.empty()) {
    throw DataError(fmt::format("{}:{}: expected a header row (trial, {}fold_0 ..), found none",
                                name, std::max(header_line, 1),
                                space.size() == 0 ? "" : space[0].name + ", .., "));
  }
  const std::vector<std::string> header = split_fields(line);
  auto find = [&](const std::string& column) -> std::optional<std::size_t> {
    const auto it = std::find(header.begin(), header.end(), column);
    if (it == header.end()) return std::nullopt;
    return static_cast<std::size_t>(it - header.begin());
  };
  auto column = [&](const std::string& column_name, const std::string& expected) {
    const auto at = find(column_name);
    if (!at) {
      throw DataError(fmt::format("{}:{}: missing column '{}' (expected {})", name, header_line,
                                  column_name, expected));
    }
    return *at;
  };
  const std::string contract = fmt::format(
      "trial, {} and fold_0 .. fold_{}",
      space.size() == 0 ? std::string("the hyperparameters") : space[0].name + " ...", folds - 1);
  const std::size_t trial_column = column("trial", contract);
  std::vector<std::size_t> param_columns, fold_columns, second_columns;
  for (const Parameter& p : space.parameters()) param_columns.push_back(column(p.name, contract));
  for (int f = 0; f < folds; ++f)
    fold_columns.push_back(column(fmt::format("fold_{}", f), contract));
  const bool timing = require_timing || find("seconds_0") || find("test_error");
  const std::string timing_expected = fmt::format(
      "seconds_0 .. seconds_{} and test_error, as `fermata report --record` writes them",
      folds - 1);
  std::optional<std::size_t> test_column;
  if (timing) {
    for (int f = 0; f < folds; ++f) {
      second_columns.push_back(column(fmt::format("seconds_{}", f), timing_expected));
    }
    test_column = column("test_error", timing_expected);
  }

  std::vector<Trial> trials;
  for (int number = header_line + 1; std::getline(in, line); ++number) {
    if (skipped(line)) continue;
    const std::vector<std::string> fields = split_fields(line);
    if (fields.size() != header.size()) {
      throw DataError(fmt::format("{}:{}: expected {} fields (as in the header), found {}", name,
                                  number, header.size(), fields.size()));
    }
    auto number_at = [&](std::size_t c) {
      bool ok = false;
      const double value = parse_number(fields[c], ok);
      if (!ok) {
        throw DataError(fmt::format("{}:{}: column '{}': expected a finite number, found '{}'",
                                    name, number, header[c], fields[c]));
      }
      return value;
    };
    Config params(space.size());
    for (std::size_t i = 0; i < space.size(); ++i) {
      const Parameter& p = space[i];
      const std::string& cell = fields[param_columns[i]];
      const auto choice = std::find(p.choices.begin(), p.choices.end(), cell);
      if (p.kind == ParamKind::kCategorical && choice != p.choices.end()) {
        params[i] = static_cast<double>(choice - p.choices.begin());
      } else if (p.kind == ParamKind::kCategorical) {
        throw DataError(fmt::format("{}:{}: column '{}': expected one of the choices, found '{}'",
                                    name, number, p.name, cell));
      } else {
        params[i] = number_at(param_columns[i]);
      }
    }
    const double id = number_at(trial_column);
    // Up to 2^53, where every integer is a double; beyond it (or negative, or fractional) the
    // conversion to an id would be meaningless (or undefined).
    if (!(id >= 0 && id <= 9007199254740992.0 && id == std::floor(id))) {
      throw DataError(
          fmt::format("{}:{}: column 'trial': expected a trial id (an integer >= 0), found '{}'",
                      name, number, fields[trial_column]));
    }
    Trial t = Trial::make(static_cast<std::int64_t>(id), params, folds);
    double sum = 0.0;
    for (std::size_t f = 0; f < static_cast<std::size_t>(folds); ++f) {
      t.fold_error[f] = number_at(fold_columns[f]);
      sum += t.fold_error[f];
      if (timing) t.fold_seconds[f] = number_at(second_columns[f]);
    }
    // An empty test error is a run without a test set, or a trial before the first incumbent.
    if (test_column && !fields[*test_column].empty()) t.test_error = number_at(*test_column);
    t.state = TrialState::kComplete;
    t.value = sum / folds;
    t.finished = static_cast<double>(number);  // file order is completion order
    trials.push_back(std::move(t));
  }
  return trials;
}

}  // namespace fermata
