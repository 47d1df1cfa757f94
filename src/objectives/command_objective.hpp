#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <fermata/objectives/objective.hpp>

#include "objectives/child_process.hpp"
#include "objectives/persistent_program.hpp"

namespace fermata {

/// @brief The user's own training program as the model (`model.kind: command`, DESIGN.md §4).
/// Each fold runs `model.command` once, without a shell, in fermata's working directory, with
/// these placeholders filled in (`{{` and `}}` stand for literal braces):
/// - `{name}` for every space parameter (as Space::format_value writes it: 6 significant
///   digits, an int as an integer, a categorical as its choice) and every `model.fixed` key;
/// - `{fold}`: the fold, 0 .. folds-1, or `test` for test_error();
/// - `{folds}`: cv.folds; `{seed}`: the job seed, the same for every fold and trial, so the
///   program can build the same split every time; `{trial}`: the trial id;
/// - `{data}`: data.path as written in the job (empty for generated data); `{threads}`:
///   model.threads.
/// The fold's error is the program's last non-empty line of standard output: a number, or a
/// JSON object with an `error` number. A non-zero exit, a signal, running past
/// `model.timeout_seconds`, or another last line fails the fold with a ModelError that says
/// why and ends with the tail of the program's standard error.
///
/// With `model.persistent: true` the command (with only the placeholders that do not change
/// between folds: fixed keys, `{folds}`, `{seed}`, `{data}`, `{threads}`) starts once and gets
/// each fold as one JSON line on its standard input (persistent_protocol.hpp); its reply line
/// gives the fold's error. A program that crashes, exits or runs past the time limit fails
/// that fold and starts again for the next one. Several threads may evaluate at once: each
/// borrows a program of its own from a pool.
class CommandObjective : public Objective {
 public:
  /// Checks the template against the space up front. Throws JobError for an unknown or
  /// malformed placeholder, a parameter or fixed key the command never uses, a name that
  /// clashes with a built-in placeholder, or a program (without placeholders) that does not
  /// exist or is not executable.
  explicit CommandObjective(const ObjectiveSpec& spec);
  ~CommandObjective() override;

  double evaluate(const Config& config, std::int64_t trial, int fold) override;
  /// Runs the command with `{fold}` = `test`: the program must then train on every non-test
  /// row and report its error on its own held-out test rows.
  double test_error(const Config& config, std::int64_t trial) override;
  int folds() const override { return folds_; }

  /// @brief The argv of one run; `fold` is a fold number or "test".
  std::vector<std::string> command_line(const Config& config, std::int64_t trial,
                                        const std::string& fold) const;
  /// @brief The argv of the persistent program (model.persistent).
  std::vector<std::string> persistent_command_line() const;

  /// @brief How many times persistent programs were started so far (all of this objective's).
  int persistent_starts() const { return starts_.load(); }

 private:
  /// A piece of one argument: literal text, or the name of a placeholder.
  struct Piece {
    bool placeholder = false;
    std::string text;
  };

  double run(const Config& config, std::int64_t trial, const std::string& fold);
  double run_once(const Config& config, std::int64_t trial, const std::string& fold) const;
  double run_persistent(const Config& config, std::int64_t trial, const std::string& fold);
  std::vector<std::string> fill(const std::map<std::string, std::string>& values) const;
  /// Throws ModelError unless `config` has one value per parameter.
  void check_config(const Config& config) const;

  Space space_;
  std::map<std::string, std::string> fixed_;
  std::vector<std::vector<Piece>> arguments_;
  std::map<std::string, std::string> constants_;  ///< folds, seed, data, threads
  int folds_;
  ChildOptions options_;
  bool persistent_ = false;
  int threads_ = 1;
  std::uint64_t seed_ = 0;
  std::string data_;
  std::vector<std::string> persistent_argv_;  ///< persistent_command_line(), filled once

  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<PersistentProgram>> idle_;  ///< started, not in use
  std::atomic<std::int64_t> next_request_{1};
  std::atomic<int> starts_{0};
};

}  // namespace fermata
