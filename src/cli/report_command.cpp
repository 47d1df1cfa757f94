#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <system_error>

#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/core/error.hpp>
#include <fermata/report/html_report.hpp>
#include <fermata/report/json_report.hpp>
#include <fermata/report/report_model.hpp>
#include <fermata/report/text_report.hpp>
#include <fermata/study/history_csv.hpp>

#include "cli/commands.hpp"

namespace fermata::cli {
namespace {

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

/// Writes `text` to a temporary file beside `path` and renames it over `path`, so that a
/// failed write never leaves a truncated page where an older one was.
void write_file(const std::string& path, const std::string& text, const std::string& what) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      throw Error("cannot write the " + what + " to " + path + ": writing " + temporary +
                  " failed (is the directory there and writable?)");
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw Error("cannot write the " + what + " to " + path + ": " + ec.message());
  }
}

}  // namespace

int report_command(const ReportArgs& args) {
  const Study study = read_checkpoint(args.checkpoint);
  if (args.json || !args.html.empty()) {
    const ReportModel model = build_report(study, unix_now());
    if (!args.html.empty()) write_file(args.html, html_report(model), "HTML report");
    if (args.json) std::cout << json_report(model);
  }
  if (!args.json) std::cout << text_report(study);
  if (!args.history_csv.empty()) {
    std::ofstream out(args.history_csv);
    out << history_csv(study.completed_in_order(), study.space, study.folds);
    if (!out) throw Error("cannot write " + args.history_csv);
  }
  return kExitOk;
}

}  // namespace fermata::cli
