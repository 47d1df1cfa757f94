#include <algorithm>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include <fermata/core/allocator.hpp>
#include <fermata/core/error.hpp>
#include <fermata/job/job.hpp>
#include <fermata/report/recorded_run.hpp>
#include <fermata/stopping/criterion.hpp>

#include "cli/commands.hpp"

namespace fermata::cli {
namespace {

/// A CSV field: quoted (with inner quotes doubled) when it holds a comma or a quote, as the
/// labels of criteria with several parameters do.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

int criterion_command(const std::string& job_path, const std::string& history,
                      const std::vector<std::string>& specs) {
  keep_freed_heap_memory();
  const RecordedRun run = load_recorded_run(history, job_path);
  const Job& job = run.job;
  const std::string job_source = job_path.empty() ? history + " (its job)" : job_path;
  std::vector<std::unique_ptr<StoppingCriterion>> criteria;
  std::vector<std::string> wanted = specs;
  if (wanted.empty()) {
    if (job.stopping.criterion != "none") wanted.push_back(job.stopping.criterion);
    wanted.insert(wanted.end(), job.stopping.monitor.begin(), job.stopping.monitor.end());
  }
  if (wanted.empty()) {
    throw JobError(job_source +
                   ": no criterion to evaluate: give --criterion NAME, or set "
                   "stopping.criterion or stopping.monitor in the job");
  }
  for (const std::string& spec : wanted) {
    criteria.push_back(make_criterion(spec, job.stopping, job.cv.folds));
  }
  const std::vector<Trial>& trials = run.trials;
  const StoppingContext context{job.space, job.cv.folds, run.validation_ratio, job.seed};

  // Header: the prefix, then each criterion's values and decision.
  std::vector<std::vector<std::string>> names(criteria.size());
  std::vector<std::vector<StoppingDecision>> rows(criteria.size());
  std::vector<const Trial*> prefix;
  for (const Trial& t : trials) {
    prefix.push_back(&t);
    for (std::size_t c = 0; c < criteria.size(); ++c) {
      rows[c].push_back(criteria[c]->evaluate(prefix, context));
      for (const auto& [name, value] : rows[c].back().values) {
        if (std::find(names[c].begin(), names[c].end(), name) == names[c].end()) {
          names[c].push_back(name);
        }
      }
    }
  }
  std::string out = "n_trials,trial,value";
  for (std::size_t c = 0; c < criteria.size(); ++c) {
    for (const std::string& name : names[c])
      out += "," + csv_field(criteria[c]->label() + "." + name);
    out += "," + csv_field(criteria[c]->label() + ".decision");
  }
  out += "\n";
  for (std::size_t i = 0; i < trials.size(); ++i) {
    out += fmt::format("{},{},{}", i + 1, trials[i].id, trials[i].value);
    for (std::size_t c = 0; c < criteria.size(); ++c) {
      const StoppingDecision& d = rows[c][i];
      for (const std::string& name : names[c]) {
        const auto it = std::find_if(d.values.begin(), d.values.end(),
                                     [&](const auto& v) { return v.first == name; });
        out += it == d.values.end() ? "," : fmt::format(",{}", it->second);
      }
      out += d.stop ? ",1" : ",0";
    }
    out += "\n";
  }
  std::cout << out;
  return kExitOk;
}

}  // namespace fermata::cli
