#include <fermata/stopping/stopping_monitor.hpp>

#include <algorithm>
#include <map>

namespace fermata {
namespace {

/// Adds one row to a rectangular table of columns: `row`'s values where given, NaN elsewhere,
/// and NaN-filled history for columns that first appear now.
void append_row(std::map<std::string, std::vector<double>>& history,
                const std::map<std::string, double>& row) {
  std::size_t rows = 0;
  for (const auto& [name, column] : history) rows = std::max(rows, column.size());
  for (const auto& [name, value] : row) history.try_emplace(name);  // new columns start empty
  for (auto& [name, column] : history) {
    column.resize(rows, kNaN);  // NaN for the rows before a column existed
    const auto it = row.find(name);
    column.push_back(it == row.end() ? kNaN : it->second);
  }
}

}  // namespace

StoppingMonitor::StoppingMonitor(const StoppingSettings& settings, int folds)
    : acting_(make_criterion(settings.criterion, settings, folds)) {
  std::vector<std::string> seen = {acting_->label()};
  for (const std::string& spec : settings.monitor) {
    auto criterion = make_criterion(spec, settings, folds);
    if (std::find(seen.begin(), seen.end(), criterion->label()) != seen.end()) continue;
    seen.push_back(criterion->label());
    monitors_.push_back(std::move(criterion));
  }
}

std::vector<std::string> StoppingMonitor::monitor_labels() const {
  std::vector<std::string> out;
  for (const auto& m : monitors_) out.push_back(m->label());
  return out;
}

bool StoppingMonitor::evaluate(const std::vector<const Trial*>& complete,
                               const StoppingContext& context, double elapsed_seconds,
                               StoppingRecord& record) const {
  std::map<std::string, double> row;
  row["n_trials"] = static_cast<double>(complete.size());
  row["elapsed_seconds"] = elapsed_seconds;
  const StoppingDecision acting = acting_->evaluate(complete, context);
  for (const auto& [name, value] : acting.values) {
    if (name != "n_trials") row[name] = value;
  }
  row["decision"] = acting.stop ? 1.0 : 0.0;
  for (const auto& monitor : monitors_) {
    const StoppingDecision d = monitor->evaluate(complete, context);
    const std::string prefix = monitor->label() + ".";
    for (const auto& [name, value] : d.values) row[prefix + name] = value;
    row[prefix + "decision"] = d.stop ? 1.0 : 0.0;
  }
  append_row(record.history, row);
  if (acting.stop) {
    record.stopped = true;
    record.criterion = acting_->label();
    record.reason = acting.reason;
  }
  return acting.stop;
}

}  // namespace fermata
