#include <fermata/runtime/dispatch_journal.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <locale>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <fermata/core/error.hpp>

namespace fermata {

DispatchJournal::DispatchJournal(const std::string& checkpoint_path)
    : path_(checkpoint_path.empty() ? std::string() : checkpoint_path + ".dispatch") {}

DispatchJournal::~DispatchJournal() {
  if (fd_ >= 0) ::close(fd_);
}

namespace {

std::string study_line(double study_created) {
  return fmt::format("s {}", study_created);
}

}  // namespace

DispatchJournal::Contents DispatchJournal::read(double study_created) const {
  Contents out;
  if (path_.empty()) return out;
  std::ifstream in(path_);
  std::string line;
  if (!std::getline(in, line) || line != study_line(study_created)) return out;
  while (std::getline(in, line)) {
    if (in.eof()) break;  // no newline: the writer died in the middle of this line
    std::istringstream fields(line);
    fields.imbue(std::locale::classic());
    char event = 0;
    std::int64_t trial = -1;
    if (!(fields >> event >> trial)) continue;
    if (event == 't') {
      Config params;
      for (double value = 0; fields >> value;) params.push_back(value);
      if (fields.eof()) out.created[trial] = std::move(params);
      continue;
    }
    Task task{trial, 0};
    std::string rest;
    if (!(fields >> task.second) || (fields >> rest)) continue;
    auto& open = out.unfinished;
    if (event == 'd') {
      open[task] += 1;
    } else if (event == 'r' && open.contains(task) && --open[task] == 0) {
      open.erase(task);
    }
  }
  return out;
}

void DispatchJournal::start(double study_created) {
  if (path_.empty()) return;
  if (fd_ >= 0) ::close(fd_);
  // The journal is the first file beside the checkpoint: its directory may not exist yet
  // (the checkpoint writer would create it, but only at the first checkpoint).
  const std::filesystem::path directory = std::filesystem::path(path_).parent_path();
  if (!directory.empty()) {
    std::error_code ignored;  // a directory that cannot be made fails the open below
    std::filesystem::create_directories(directory, ignored);
  }
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw CheckpointError(
        fmt::format("{}: cannot create the dispatch journal: {}", path_, std::strerror(errno)));
  }
  write_line(study_line(study_created) + "\n");
}

void DispatchJournal::created(std::int64_t trial, const Config& params) {
  if (fd_ < 0) return;
  // fmt's shortest round-trip form: the values read back are the very same doubles.
  write_line(fmt::format("t {} {}\n", trial, fmt::join(params, " ")));
}

void DispatchJournal::append(char event, std::int64_t trial, int fold) {
  if (fd_ < 0) return;
  write_line(fmt::format("{} {} {}\n", event, trial, fold));
}

void DispatchJournal::write_line(const std::string& line) {
  // One write: either the whole line lands or, if the process dies inside it, a cut line
  // that read() skips. A failed write loses only the crash accounting of this fold,
  // so it is not worth ending the run for.
  [[maybe_unused]] const ssize_t written = ::write(fd_, line.data(), line.size());
}

}  // namespace fermata
