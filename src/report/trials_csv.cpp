#include <fermata/report/trials_csv.hpp>

#include <cmath>
#include <set>
#include <vector>

#include <fmt/format.h>

#include <fermata/core/utc_time.hpp>

namespace fermata {
namespace {

/// One CSV field: quoted when it holds a comma, a quote or a line break, with quotes doubled
/// (RFC 4180). A few lines of our own: none of the project's libraries writes CSV.
std::string field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string number(double value) {
  return std::isfinite(value) ? fmt::format("{}", value) : "";
}

/// The columns after the hyperparameters, in order.
std::vector<std::string> result_columns(int folds) {
  std::vector<std::string> columns = {"value"};
  for (int f = 0; f < folds; ++f) columns.push_back(fmt::format("fold_{}", f));
  for (const char* name : {"test_error", "started", "finished"}) columns.emplace_back(name);
  for (int f = 0; f < folds; ++f) columns.push_back(fmt::format("seconds_{}", f));
  for (int f = 0; f < folds; ++f) columns.push_back(fmt::format("worker_{}", f));
  columns.emplace_back("attempts");
  columns.emplace_back("message");
  return columns;
}

}  // namespace

std::string trials_csv(const Study& study) {
  const int k = study.folds;
  const std::vector<std::string> results = result_columns(k);
  std::set<std::string> taken(results.begin(), results.end());
  taken.insert({"trial", "state"});
  std::vector<std::string> header = {"trial", "state"};
  for (const Parameter& p : study.space.parameters()) {
    header.push_back(taken.count(p.name) ? "param." + p.name : p.name);
  }
  header.insert(header.end(), results.begin(), results.end());

  std::string out;
  for (std::size_t i = 0; i < header.size(); ++i) out += (i ? "," : "") + field(header[i]);
  out += "\n";
  for (const Trial& t : study.trials) {
    std::vector<std::string> row = {std::to_string(t.id), to_string(t.state)};
    for (std::size_t i = 0; i < study.space.size(); ++i) {
      row.push_back(study.space[i].kind == ParamKind::kCategorical
                        ? study.space.format_value(i, t.params[i])
                        : number(t.params[i]));
    }
    row.push_back(number(t.value));
    for (int f = 0; f < k; ++f) {
      row.push_back(t.fold_done(f) ? number(t.fold_error[static_cast<std::size_t>(f)]) : "");
    }
    row.push_back(number(t.test_error));
    row.push_back(iso_utc(t.started, true));
    row.push_back(iso_utc(t.finished, true));
    for (int f = 0; f < k; ++f) {
      row.push_back(t.fold_done(f) ? number(t.fold_seconds[static_cast<std::size_t>(f)]) : "");
    }
    for (int f = 0; f < k; ++f) {
      const int worker = t.fold_worker[static_cast<std::size_t>(f)];
      row.push_back(worker >= 0 ? std::to_string(worker) : "");
    }
    int attempts = 0;
    for (int a : t.fold_attempts) attempts += a;
    row.push_back(std::to_string(attempts));
    row.push_back(t.message);
    for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + field(row[i]);
    out += "\n";
  }
  return out;
}

}  // namespace fermata
