#include <algorithm>
#include <fstream>
#include <iostream>

#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/core/error.hpp>
#include <fermata/report/text_report.hpp>
#include <fermata/study/history_csv.hpp>

#include "cli/commands.hpp"

namespace fermata::cli {

int report_command(const std::string& checkpoint, const std::string& history_csv_path) {
  const Study study = read_checkpoint(checkpoint);
  std::cout << text_report(study);
  if (!history_csv_path.empty()) {
    std::ofstream out(history_csv_path);
    out << history_csv(study.completed_in_order(), study.space, study.folds);
    if (!out) throw Error("cannot write " + history_csv_path);
  }
  return kExitOk;
}

}  // namespace fermata::cli
