#include <iostream>

#include <CLI/CLI.hpp>

#include <fermata/core/error.hpp>

#include "cli/commands.hpp"

namespace {

constexpr const char* kVersion = FERMATA_VERSION;

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"fermata: hyperparameter tuning on HPC clusters that stops by itself", "fermata"};
  app.require_subcommand(1);

  fermata::cli::RunArgs run;
  auto* run_cmd =
      app.add_subcommand("run", "tune the hyperparameters of a job (under mpirun/srun)");
  run_cmd->add_option("job", run.job, "job file (YAML)")->required();
  run_cmd->add_option("--checkpoint", run.checkpoint, "checkpoint path (default: the job's)");
  run_cmd->add_flag("--resume", run.resume, "continue from the checkpoint");
  run_cmd->add_option("--seed", run.seed, "override the job's seed");
  run_cmd->add_option("--max-trials", run.max_trials, "override budget.max_trials")
      ->check(CLI::PositiveNumber);
  run_cmd->add_option("--set", run.sets, "override a job key: key.path=value (repeatable)");
  run_cmd
      ->add_option("--local-workers", run.local_workers,
                   "worker threads when not under MPI (default 1)")
      ->check(CLI::PositiveNumber);
  run_cmd->add_flag("--quiet", run.quiet, "no progress output (warnings and errors still show)");
  run_cmd->add_option("--log-level", run.log_level, "trace, debug, info, warn, error or off");
  run_cmd
      ->add_option("--progress", run.progress,
                   "auto (a status line on a terminal, one line per trial otherwise), status "
                   "or lines")
      ->check(CLI::IsMember({"auto", "status", "lines"}));

  fermata::cli::ReportArgs report;
  auto* report_cmd = app.add_subcommand("report", "summarize a checkpoint");
  report_cmd->add_option("checkpoint", report.checkpoint, "checkpoint file (.h5)")->required();
  report_cmd->add_flag("--json", report.json, "print the report as JSON (schema in the README)");
  report_cmd->add_option("--html", report.html,
                         "also write a self-contained HTML report with charts to this file");
  report_cmd->add_option("--history-csv", report.history_csv,
                         "also write the completed trials as a history CSV for `criterion`");
  report_cmd->add_option("--record", report.record,
                         "also write the run as a recorded history (job, validation ratio, fold "
                         "errors and seconds, test errors; gzipped if FILE ends in .gz) that "
                         "`criterion` and the termination benchmark replay without retraining");

  fermata::cli::ExportArgs export_args;
  auto* export_cmd = app.add_subcommand(
      "export", "write every trial of a checkpoint as a table for pandas, R or a spreadsheet");
  export_cmd->add_option("checkpoint", export_args.checkpoint, "checkpoint file (.h5)")->required();
  export_cmd
      ->add_flag("--csv", export_args.csv,
                 "as CSV: one row per trial (failed and pending ones too), one column per "
                 "hyperparameter and per fold")
      ->required();
  export_cmd->add_option("-o,--output", export_args.output, "write to FILE instead of stdout");

  std::string criterion_job, criterion_history;
  std::vector<std::string> criterion_specs;
  auto* criterion_cmd = app.add_subcommand(
      "criterion", "evaluate stopping criteria on every prefix of a recorded history (CSV out)");
  criterion_cmd->add_option("--job", criterion_job,
                            "the job the history belongs to (default: the job recorded in the "
                            "checkpoint or in a recorded run's header)");
  criterion_cmd
      ->add_option("--history", criterion_history,
                   "history CSV (trial, parameters, fold_0..; plain or .gz), a recorded run "
                   "(report --record) or a checkpoint .h5")
      ->required();
  criterion_cmd->add_option("--criterion", criterion_specs,
                            "criterion, e.g. regret-bound or patience(patience=10); repeatable "
                            "(default: the job's criterion and monitors)");

  std::string validate_job;
  std::vector<std::string> validate_sets;
  auto* validate_cmd = app.add_subcommand("validate", "check a job file and print it resolved");
  validate_cmd->add_option("job", validate_job, "job file (YAML)")->required();
  validate_cmd->add_option("--set", validate_sets, "override a job key: key.path=value");

  std::string seal_path;
  auto* seal_cmd = app.add_subcommand(
      "seal", "give a trusted checkpoint written without a seal (by an older fermata) one");
  seal_cmd->add_option("checkpoint", seal_path, "checkpoint file (.h5)")->required();

  app.add_subcommand("version", "print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? fermata::kExitOk : fermata::kExitUsage;
  }

  try {
    if (*run_cmd) return fermata::cli::run_command(run, &argc, &argv);
    if (*report_cmd) return fermata::cli::report_command(report);
    if (*export_cmd) return fermata::cli::export_command(export_args);
    if (*criterion_cmd) {
      return fermata::cli::criterion_command(criterion_job, criterion_history, criterion_specs);
    }
    if (*validate_cmd) return fermata::cli::validate_command(validate_job, validate_sets);
    if (*seal_cmd) return fermata::cli::seal_command(seal_path);
    std::cout << "fermata " << kVersion << "\n";
    return fermata::kExitOk;
  } catch (...) {
    return fermata::cli::report_error(std::current_exception());
  }
}
