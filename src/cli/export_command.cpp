#include <iostream>

#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/core/error.hpp>
#include <fermata/data/text_file.hpp>
#include <fermata/report/trials_csv.hpp>

#include "cli/commands.hpp"

namespace fermata::cli {

int export_command(const ExportArgs& args) {
  const std::string csv = trials_csv(read_checkpoint(args.checkpoint));
  if (args.output.empty()) {
    std::cout << csv;
  } else {
    write_text_file(args.output, csv, "trials CSV");
  }
  return kExitOk;
}

}  // namespace fermata::cli
