#include "objectives/command_objective.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <fermata/core/error.hpp>
#include <fermata/core/spelling.hpp>

#include "objectives/command_output.hpp"
#include "objectives/persistent_protocol.hpp"

namespace fermata {
namespace {

/// The placeholders every command may use besides the parameters and fixed keys.
const std::vector<std::string> kBuiltins = {"fold", "folds", "seed", "trial", "data", "threads"};

std::string argument_path(std::size_t i) {
  return "model.command[" + std::to_string(i) + "]";
}

bool is_executable_file(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && access(path.c_str(), X_OK) == 0;
}

/// Fails at start-up, with the job's key, what a fold would otherwise fail with every time.
void check_program(const std::string& program) {
  if (program.find('/') != std::string::npos) {
    if (!is_executable_file(program)) {
      throw JobError(fmt::format(
          "{}: expected an executable file, found '{}', which {}", argument_path(0), program,
          access(program.c_str(), F_OK) == 0
              ? "is not an executable file"
              : "does not exist (a relative path starts at the working directory)"));
    }
    return;
  }
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t from = 0;
  while (from <= dirs.size()) {
    std::size_t to = dirs.find(':', from);
    if (to == std::string::npos) to = dirs.size();
    const std::string dir = to > from ? dirs.substr(from, to - from) : ".";
    if (is_executable_file(dir + "/" + program)) return;
    from = to + 1;
  }
  throw JobError(fmt::format("{}: expected a program, found '{}', which is in no directory of PATH",
                             argument_path(0), program));
}

/// "python3 train.py --data 'my file.csv'": how messages show a command line.
std::string show(const std::vector<std::string>& argv) {
  std::string out;
  for (const std::string& a : argv) {
    if (!out.empty()) out += ' ';
    const bool plain = !a.empty() && a.find_first_of(" \t\n'\"\\$`") == std::string::npos;
    out += plain ? a : "'" + a + "'";
  }
  return out;
}

std::string stderr_part(const ChildOutcome& outcome) {
  std::string tail = outcome.stderr_tail;
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) tail.pop_back();
  if (tail.empty()) return "; its standard error was empty";
  return "; end of its standard error:\n" + tail;
}

}  // namespace

CommandObjective::CommandObjective(const ObjectiveSpec& spec)
    : space_(spec.space),
      fixed_(spec.model.fixed),
      folds_(spec.cv.folds),
      persistent_(spec.model.persistent),
      threads_(spec.model.threads),
      seed_(spec.seed),
      data_(spec.data.generate ? std::string() : spec.data.path) {
  options_.timeout_seconds = spec.model.timeout_seconds;
  if (spec.model.command.empty()) {
    throw JobError("model.command: the command model needs the program to run, found nothing");
  }
  constants_ = {{"folds", std::to_string(spec.cv.folds)},
                {"seed", std::to_string(spec.seed)},
                {"data", data_},
                {"threads", std::to_string(spec.model.threads)}};

  std::vector<std::string> names;  // every valid placeholder, for messages
  for (const Parameter& p : space_.parameters()) {
    if (std::find(kBuiltins.begin(), kBuiltins.end(), p.name) != kBuiltins.end()) {
      throw JobError(
          fmt::format("space.{0}: the command model's placeholder {{{0}}} is taken by "
                      "fermata; rename the parameter",
                      p.name));
    }
    names.push_back(p.name);
  }
  for (const auto& [key, value] : fixed_) {
    if (std::find(kBuiltins.begin(), kBuiltins.end(), key) != kBuiltins.end()) {
      throw JobError(
          fmt::format("model.fixed.{0}: the command model's placeholder {{{0}}} is "
                      "taken by fermata; rename the key",
                      key));
    }
    if (space_.index_of(key) >= 0) {
      throw JobError(
          fmt::format("model.fixed.{0}: {{{0}}} would be both fixed and tuned; remove "
                      "it from model.fixed or from space",
                      key));
    }
    names.push_back(key);
  }
  names.insert(names.end(), kBuiltins.begin(), kBuiltins.end());

  std::set<std::string> used;
  for (std::size_t i = 0; i < spec.model.command.size(); ++i) {
    const std::string& arg = spec.model.command[i];
    const auto fail = [&](const std::string& what,
                          const std::string& hint = "write {{ and }} for literal braces") {
      throw JobError(fmt::format("{}: {} in '{}' ({})", argument_path(i), what, arg, hint));
    };
    std::vector<Piece> pieces;
    std::string text;
    for (std::size_t at = 0; at < arg.size(); ++at) {
      const char c = arg[at];
      if ((c == '{' || c == '}') && at + 1 < arg.size() && arg[at + 1] == c) {
        text.push_back(c);
        ++at;
      } else if (c == '}') {
        fail("unmatched '}'");
      } else if (c == '{') {
        const std::size_t close = arg.find_first_of("{}", at + 1);
        if (close == std::string::npos || arg[close] != '}') fail("unclosed '{'");
        const std::string name = arg.substr(at + 1, close - at - 1);
        if (std::find(names.begin(), names.end(), name) == names.end()) {
          fail(fmt::format("unknown placeholder {{{}}}", name),
               fmt::format("expected one of {{{}}}{}", fmt::join(names, "}, {"),
                           did_you_mean(name, names)));
        }
        if (persistent_ && (name == "fold" || name == "trial" || space_.index_of(name) >= 0)) {
          fail(fmt::format("{{{}}} changes from fold to fold, and a persistent program starts "
                           "once",
                           name),
               "it gets each fold's trial, fold and configuration in its request line; remove "
               "the placeholder, or set model.persistent: false");
        }
        if (!text.empty()) pieces.push_back({false, std::move(text)});
        text.clear();
        pieces.push_back({true, name});
        used.insert(name);
        at = close;
      } else {
        text.push_back(c);
      }
    }
    if (!text.empty() || pieces.empty()) pieces.push_back({false, std::move(text)});
    arguments_.push_back(std::move(pieces));
  }

  // Tuning a value the program never receives would only waste trials; likewise a fixed
  // option nobody reads is most likely a typo. A persistent program gets them all per fold.
  for (const Parameter& p : space_.parameters()) {
    if (persistent_) break;
    if (!used.contains(p.name)) {
      throw JobError(
          fmt::format("space.{0}: model.command never uses {{{0}}}, so tuning it would "
                      "change nothing; pass it to the program, e.g. --{0} \"{{{0}}}\"",
                      p.name));
    }
  }
  for (const auto& [key, value] : fixed_) {
    if (!used.contains(key) && !persistent_) {
      throw JobError(fmt::format(
          "model.fixed.{0}: model.command never uses {{{0}}}; pass it to the program or remove it",
          key));
    }
  }
  const std::vector<Piece>& program = arguments_.front();
  if (program.size() == 1 && !program.front().placeholder) check_program(program.front().text);
  if (persistent_) persistent_argv_ = persistent_command_line();  // the same for every fold
}

std::vector<std::string> CommandObjective::command_line(const Config& config, std::int64_t trial,
                                                        const std::string& fold) const {
  check_config(config);
  std::map<std::string, std::string> values = constants_;
  values.insert(fixed_.begin(), fixed_.end());
  for (std::size_t i = 0; i < space_.size(); ++i) {
    values[space_[i].name] = space_.format_value(i, config[i]);
  }
  values["trial"] = std::to_string(trial);
  values["fold"] = fold;
  return fill(values);
}

std::vector<std::string> CommandObjective::persistent_command_line() const {
  std::map<std::string, std::string> values = constants_;
  values.insert(fixed_.begin(), fixed_.end());
  return fill(values);
}

std::vector<std::string> CommandObjective::fill(
    const std::map<std::string, std::string>& values) const {
  std::vector<std::string> argv;
  for (const std::vector<Piece>& pieces : arguments_) {
    std::string arg;
    for (const Piece& piece : pieces) arg += piece.placeholder ? values.at(piece.text) : piece.text;
    argv.push_back(std::move(arg));
  }
  return argv;
}

CommandObjective::~CommandObjective() = default;

void CommandObjective::check_config(const Config& config) const {
  if (config.size() != space_.size()) {
    throw ModelError(fmt::format("command model: expected a configuration of {} values, found {}",
                                 space_.size(), config.size()));
  }
}

double CommandObjective::run(const Config& config, std::int64_t trial, const std::string& fold) {
  return persistent_ ? run_persistent(config, trial, fold) : run_once(config, trial, fold);
}

double CommandObjective::run_persistent(const Config& config, std::int64_t trial,
                                        const std::string& fold) {
  check_config(config);
  std::unique_ptr<PersistentProgram> program;
  {
    const std::lock_guard lock(pool_mutex_);
    if (!idle_.empty()) {
      program = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  const std::vector<std::string>& argv = persistent_argv_;
  if (!program) program = std::make_unique<PersistentProgram>(argv, options_);
  const FoldRequest request{next_request_++, trial, fold, folds_, seed_, data_, threads_};
  const Exchange exchange =
      program->exchange(request_line(request, space_, config, fixed_),
                        [&](const std::string& line) { return is_reply_to(line, request.id); });
  if (exchange.restarted) ++starts_;
  {
    const std::lock_guard lock(pool_mutex_);  // ended programs go back too: they start again
    idle_.push_back(std::move(program));
  }
  const std::string command = "persistent program '" + show(argv) + "'";
  if (exchange.answered) {
    try {
      return parse_reply(exchange.reply);
    } catch (const ModelError& e) {
      throw ModelError(fmt::format("{} {} (trial {}, fold {})", command, e.what(), trial, fold));
    }
  }
  const ChildOutcome& ended = exchange.ended;
  const std::string what =
      ended.timed_out
          ? fmt::format(
                "ran longer than model.timeout_seconds ({} s) on trial {} fold {} and was "
                "terminated",
                options_.timeout_seconds, trial, fold)
          : fmt::format("{} before it replied to trial {} fold {}", ended.describe(), trial, fold);
  throw ModelError(
      fmt::format("{} {}; it starts again for the next fold{}", command, what, stderr_part(ended)));
}

double CommandObjective::run_once(const Config& config, std::int64_t trial,
                                  const std::string& fold) const {
  const std::vector<std::string> argv = command_line(config, trial, fold);
  const ChildOutcome outcome = run_child_process(argv, options_);
  const std::string command = "command '" + show(argv) + "'";
  if (outcome.timed_out) {
    throw ModelError(
        fmt::format("{} ran longer than model.timeout_seconds ({} s) and was "
                    "terminated{}",
                    command, options_.timeout_seconds, stderr_part(outcome)));
  }
  if (!outcome.succeeded()) {
    throw ModelError(command + " " + outcome.describe() + stderr_part(outcome));
  }
  if (outcome.last_line_truncated) {
    throw ModelError(fmt::format("{} printed a last line longer than {} bytes{}", command,
                                 kMaxLineBytes, stderr_part(outcome)));
  }
  try {
    return parse_error_line(outcome.last_line);
  } catch (const ModelError& e) {
    throw ModelError(
        fmt::format("{} exited with status 0 but {}{}", command, e.what(), stderr_part(outcome)));
  }
}

double CommandObjective::evaluate(const Config& config, std::int64_t trial, int fold) {
  if (fold < 0 || fold >= folds_) {
    throw ModelError(
        fmt::format("command model: expected a fold in [0, {}], found {}", folds_ - 1, fold));
  }
  return run(config, trial, std::to_string(fold));
}

double CommandObjective::test_error(const Config& config, std::int64_t trial) {
  return run(config, trial, "test");
}

}  // namespace fermata
