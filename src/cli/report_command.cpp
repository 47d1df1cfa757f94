#include <iostream>

#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/report/text_report.hpp>

#include "cli/commands.hpp"

namespace fermata::cli {

int report_command(const std::string& checkpoint) {
  std::cout << text_report(read_checkpoint(checkpoint));
  return 0;
}

}  // namespace fermata::cli
