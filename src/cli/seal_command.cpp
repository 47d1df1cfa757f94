// `fermata seal CHECKPOINT`: gives a checkpoint written before fermata sealed them a seal, so
// that run --resume, report and criterion read it again.

#include <iostream>

#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/core/error.hpp>

#include "cli/commands.hpp"

namespace fermata::cli {

int seal_command(const std::string& checkpoint) {
  if (seal_checkpoint(checkpoint)) {
    std::cout << "sealed '" << checkpoint << "' (the file as it was is kept as '"
              << previous_checkpoint_path(checkpoint) << "')\n";
  } else {
    std::cout << "'" << checkpoint << "' is sealed already: nothing to do\n";
  }
  return kExitOk;
}

}  // namespace fermata::cli
