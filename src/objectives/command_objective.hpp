#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <fermata/objectives/objective.hpp>

#include "objectives/child_process.hpp"

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
/// why and ends with the tail of the program's standard error. Holds no mutable state, so
/// several threads may evaluate at once.
class CommandObjective : public Objective {
 public:
  /// Checks the template against the space up front. Throws JobError for an unknown or
  /// malformed placeholder, a parameter or fixed key the command never uses, a name that
  /// clashes with a built-in placeholder, or a program (without placeholders) that does not
  /// exist or is not executable.
  explicit CommandObjective(const ObjectiveSpec& spec);

  double evaluate(const Config& config, std::int64_t trial, int fold) override;
  /// Runs the command with `{fold}` = `test`: the program must then train on every non-test
  /// row and report its error on its own held-out test rows.
  double test_error(const Config& config, std::int64_t trial) override;
  int folds() const override { return folds_; }

  /// @brief The argv of one run; `fold` is a fold number or "test".
  std::vector<std::string> command_line(const Config& config, std::int64_t trial,
                                        const std::string& fold) const;

 private:
  /// A piece of one argument: literal text, or the name of a placeholder.
  struct Piece {
    bool placeholder = false;
    std::string text;
  };

  double run(const Config& config, std::int64_t trial, const std::string& fold) const;

  Space space_;
  std::map<std::string, std::string> fixed_;
  std::vector<std::vector<Piece>> arguments_;
  std::map<std::string, std::string> constants_;  ///< folds, seed, data, threads
  int folds_;
  ChildOptions options_;
};

}  // namespace fermata
