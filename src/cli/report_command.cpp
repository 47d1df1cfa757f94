#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <system_error>

#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/core/error.hpp>
#include <fermata/data/text_file.hpp>
#include <fermata/report/html_report.hpp>
#include <fermata/report/json_report.hpp>
#include <fermata/report/recorded_run.hpp>
#include <fermata/report/report_model.hpp>
#include <fermata/report/text_report.hpp>
#include <fermata/study/history_csv.hpp>

#include "cli/commands.hpp"

namespace fermata::cli {
namespace {

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

int report_command(const ReportArgs& args) {
  const Study study = read_checkpoint(args.checkpoint);
  if (args.json || !args.html.empty()) {
    const ReportModel model = build_report(study, unix_now());
    if (!args.html.empty()) write_text_file(args.html, html_report(model), "HTML report");
    if (args.json) std::cout << json_report(model);
  }
  if (!args.json) std::cout << text_report(study);
  if (!args.history_csv.empty()) {
    write_text_file(args.history_csv,
                    history_csv(study.completed_in_order(), study.space, study.folds),
                    "history CSV");
  }
  if (!args.record.empty()) write_text_file(args.record, recorded_run_text(study), "recorded run");
  return kExitOk;
}

}  // namespace fermata::cli
