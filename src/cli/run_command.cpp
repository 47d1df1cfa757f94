#include <unistd.h>

#include <algorithm>
#include <exception>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>

#include <fermata/checkpoint/checkpoint.hpp>
#include <fermata/comm/local.hpp>
#include <fermata/comm/mpi.hpp>
#include <fermata/core/allocator.hpp>
#include <fermata/core/error.hpp>
#include <fermata/core/log.hpp>
#include <fermata/core/status_line.hpp>
#include <fermata/data/category_codes.hpp>
#include <fermata/job/job.hpp>
#include <fermata/objectives/live_children.hpp>
#include <fermata/objectives/objective.hpp>
#include <fermata/report/text_report.hpp>
#include <fermata/runtime/coordinator.hpp>
#include <fermata/runtime/progress.hpp>
#include <fermata/runtime/resume.hpp>
#include <fermata/runtime/signals.hpp>
#include <fermata/runtime/threads.hpp>
#include <fermata/runtime/worker.hpp>

#include "cli/commands.hpp"

namespace fermata::cli {
namespace {

Job load_run_job(const RunArgs& args) {
  std::vector<std::string> sets = args.sets;
  if (args.seed) sets.push_back("seed=" + std::to_string(*args.seed));
  if (args.max_trials) sets.push_back("budget.max_trials=" + std::to_string(*args.max_trials));
  if (!args.checkpoint.empty()) sets.push_back("checkpoint.path=" + args.checkpoint);
  return load_job(args.job, sets);
}

ObjectiveSpec objective_spec(const Job& job) {
  return ObjectiveSpec{job.space, job.model, job.data, job.cv, job.seed};
}

/// Everything the coordinator checks before any worker starts: the job, the checkpoint
/// choice, and the data (so bad data fails once, on rank 0, with exit 3).
struct Prepared {
  Job job;
  Study study;
  std::shared_ptr<const PreparedData> data;  ///< null for models without data
  std::unique_ptr<Objective> objective;      ///< built once to check the model's options
};

/// The data's categorical features as the checkpoint records them: their categories on the
/// non-test rows, and which of them each fold's training rows hold.
std::vector<CategoricalFeature> categorical_features(const PreparedData& prepared) {
  const Dataset& d = prepared.data;
  std::vector<CategoricalFeature> list;
  for (std::size_t j = 0; j < d.features(); ++j) {
    if (!d.is_categorical(j)) continue;
    CategoricalFeature f{d.feature_names[j],
                         static_cast<std::int64_t>(j),
                         categories_in_rows(d, j, prepared.split.pool),
                         {}};
    for (const Fold& fold : prepared.folds) {
      const std::vector<std::string> seen = categories_in_rows(d, j, fold.train);
      std::vector<std::int8_t> in_fold;
      for (const std::string& category : f.categories) {
        in_fold.push_back(std::binary_search(seen.begin(), seen.end(), category) ? 1 : 0);
      }
      f.in_fold_training.push_back(std::move(in_fold));
    }
    list.push_back(std::move(f));
  }
  return list;
}

/// Says once what can end the run, so a run that goes to its budget surprises no one.
void log_stopping_rule(const Job& job) {
  const std::string budget = job.budget.max_seconds > 0
                                 ? fmt::format("max_trials {} or max_seconds {}",
                                               job.budget.max_trials, job.budget.max_seconds)
                                 : fmt::format("max_trials {}", job.budget.max_trials);
  if (job.stopping.criterion != "none") {
    spdlog::info("stopping: {} decides (or the budget, {})", job.stopping.criterion, budget);
  } else if (job.cv.folds < 2) {
    spdlog::info(
        "stopping: nothing can stop the run but the budget ({}): with cv.folds 1 there is no "
        "statistical error to compare with; set stopping.criterion: static with a threshold, "
        "or patience, to stop earlier",
        budget);
  } else {
    spdlog::info("stopping: criterion none, nothing can stop the run but the budget ({})", budget);
  }
}

Prepared prepare_coordinator(const RunArgs& args) {
  Prepared p{load_run_job(args), {}, nullptr, nullptr};
  p.study = open_study(p.job, args.resume);
  // Option names first: a typo fails in a moment, before a large table is read.
  check_job_model_options(p.job);
  if (objective_uses_data(p.job.model)) {
    p.data = std::make_shared<const PreparedData>(prepare_data(p.job.data, p.job.cv, p.job.seed));
    const Dataset& d = p.data->data;
    spdlog::info("data {}: {} rows ({} held out for testing), {} features, {}", d.source, d.rows(),
                 p.data->split.test.size(), d.features(), describe_classes(d));
    if (d.task == Task::kClassification) p.study.classes = describe_classes(d);
    p.study.categorical = categorical_features(*p.data);
    for (const CategoricalFeature& f : p.study.categorical) {
      spdlog::info("data: {}", describe_categories(f.column, f.categories));
    }
  }
  p.objective = make_objective(objective_spec(p.job), p.data);
  log_stopping_rule(p.job);
  return p;
}

/// std::terminate under MPI: says why, then ends every rank rather than leaving the others
/// polling for a rank that is gone.
[[noreturn]] void abort_on_terminate() {
  std::string what = "std::terminate without an active exception";
  if (const std::exception_ptr error = std::current_exception()) {
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
      what = "unknown exception";
    }
  }
  std::cerr << "fermata: internal error (terminate): " << what << "\n" << std::flush;
  MpiSession::abort(kExitFailure);
}

int exit_code_of(RunOutcome outcome) {
  switch (outcome) {
    case RunOutcome::kFinished:
      return kExitOk;
    case RunOutcome::kInterrupted:
      return kExitInterrupted;
    case RunOutcome::kFailed:
      return kExitFailure;
  }
  return kExitFailure;
}

/// How this rank logs and shows progress: the mode, and on rank 0 in status mode the status
/// line the logger writes around.
struct ProgressOutput {
  ProgressMode mode = ProgressMode::kLines;
  std::shared_ptr<StatusLine> status_line;
};

/// Sets up logging for `--progress` and `--quiet`. In lines mode nothing carries a control
/// character (no color either), even when `--progress lines` is forced on a terminal; a
/// quiet run shows no status line, so it logs as without one.
ProgressOutput init_run_logging(const RunArgs& args, int rank) {
  ProgressOutput out{resolve_progress_mode(args.progress), nullptr};
  if (out.mode == ProgressMode::kLines) {
    init_logging(rank, args.log_level, LogColor::kNever);
  } else if (rank == 0 && !args.quiet) {
    out.status_line = StatusLine::on_fd(STDERR_FILENO);
    init_logging(rank, args.log_level, out.status_line);
  } else {
    init_logging(rank, args.log_level, LogColor::kAuto);
  }
  return out;
}

RunOutcome coordinate(Prepared& p, CoordinatorChannel& channel, const RunArgs& args,
                      const ProgressOutput& progress, bool under_mpi) {
  keep_freed_heap_memory();
  auto optimizer = make_optimizer(p.job.optimizer, p.job.space, p.job.seed);
  restore_optimizer(*optimizer, p.study);
  CoordinatorOptions options{p.job.checkpoint.path, args.quiet,
                             p.data ? validation_ratio(p.data->folds) : kNaN};
  // A model trained on fermata's data has test rows only when the job holds some out.
  options.test_incumbents = !p.data || !p.data->split.test.empty();
  options.progress = progress.mode;
  options.status_line = progress.status_line;
  options.sigterm_may_follow_a_death = under_mpi;
  // The coordinator's summary line says how the run ended (a warning when interrupted, an
  // error when failed), so nothing is logged after it.
  Coordinator coordinator(p.job, p.study, *optimizer, channel, options);
  const RunOutcome outcome = coordinator.run();
  if (outcome == RunOutcome::kFinished) std::cout << text_report(p.study) << std::flush;
  return outcome;
}

/// Without MPI (or with one rank): the coordinator in this thread, workers as threads.
int run_local(const RunArgs& args, const ProgressOutput& progress) {
  Prepared p = prepare_coordinator(args);
  export_thread_limits(p.job.model.threads);
  LocalHub hub(args.local_workers);
  std::vector<std::thread> threads;
  for (int id = 1; id <= args.local_workers; ++id) {
    auto objective =
        id == 1 ? std::move(p.objective) : make_objective(objective_spec(p.job), p.data);
    threads.emplace_back(
        [&hub, id, threads = p.job.model.threads, objective = std::move(objective)]() mutable {
          pin_library_threads(threads);
          run_worker(hub.worker(id), *objective);
        });
  }
  RunOutcome outcome = RunOutcome::kFailed;
  try {
    outcome = coordinate(p, hub.coordinator(), args, progress, false);
  } catch (...) {
    // The worker threads still wait for tasks and cannot be joined: say what went wrong and
    // leave without running destructors under them (the last checkpoint is on disk).
    for (auto& t : threads) t.detach();
    terminate_live_children();
    std::_Exit(report_error(std::current_exception()));
  }
  if (outcome == RunOutcome::kInterrupted) {
    // Folds still running are not waited for; the checkpoint is already written.
    for (auto& t : threads) t.detach();
    terminate_live_children();  // a command model's programs must not outlive the run
    std::_Exit(kExitInterrupted);
  }
  for (auto& t : threads) t.join();
  return exit_code_of(outcome);
}

int run_mpi(const RunArgs& args, MpiSession& mpi, const ProgressOutput& progress) {
  if (mpi.rank() == 0) {
    std::optional<Prepared> p;
    int status = kExitOk;
    try {
      p.emplace(prepare_coordinator(args));
    } catch (const Error& e) {
      std::cerr << "fermata: error: " << e.what() << "\n";
      status = e.exit_code();
    } catch (const std::exception& e) {
      std::cerr << "fermata: internal error: " << e.what() << "\n";
      status = kExitFailure;
    }
    if (mpi.broadcast_from_coordinator(status) != kExitOk) return status;
    p->objective.reset();  // the coordinator trains nothing
    pin_library_threads(1);
    auto channel = make_mpi_coordinator_channel();
    const RunOutcome outcome = coordinate(*p, *channel, args, progress, true);
    if (outcome == RunOutcome::kInterrupted) {
      // Workers may be in the middle of a long fold; end them now (the checkpoint is written).
      std::cerr << std::flush;
      MpiSession::abort(kExitInterrupted);
    }
    return exit_code_of(outcome);
  }
  const int status = mpi.broadcast_from_coordinator(kExitOk);
  if (status != kExitOk) return status;
  const Job job = load_run_job(args);
  export_thread_limits(job.model.threads);
  pin_library_threads(job.model.threads);
  auto objective = make_objective(objective_spec(job));
  auto channel = make_mpi_worker_channel();
  // A worker leaves stop decisions to the coordinator; but the SIGTERM of an MPI_Abort ends
  // it, and then its training program must end too.
  set_termination_hook(&terminate_live_children);
  const long folds = run_worker(*channel, *objective);
  spdlog::debug("evaluated {} folds", folds);
  return kExitOk;
}

}  // namespace

int report_error(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const Error& e) {
    std::cerr << "fermata: error: " << e.what() << "\n" << std::flush;
    return e.exit_code();
  } catch (const std::exception& e) {
    std::cerr << "fermata: internal error: " << e.what() << "\n" << std::flush;
  } catch (...) {
    std::cerr << "fermata: internal error: unknown exception\n" << std::flush;
  }
  return kExitFailure;
}

int run_command(const RunArgs& args, int* argc, char*** argv) {
  MpiSession mpi(argc, argv);
  const ProgressOutput progress = init_run_logging(args, mpi.rank());
  install_stop_signal_handlers();
  if (mpi.size() == 1) return run_local(args, progress);
  // An exception that escapes a thread other than main (none should) ends the job too.
  std::set_terminate(&abort_on_terminate);
  try {
    return run_mpi(args, mpi, progress);
  } catch (const Error& e) {
    // Past the start-up check one rank cannot leave alone: the others would wait forever.
    std::cerr << "fermata: error on rank " << mpi.rank() << ": " << e.what() << "\n";
    MpiSession::abort(e.exit_code());
  } catch (const std::exception& e) {
    // Not a fermata error (a bug, or a library's exception, on this rank or handed over from
    // one of the coordinator's threads): logged once, here, and every rank ends with exit 1.
    std::cerr << "fermata: internal error on rank " << mpi.rank() << ": " << e.what() << "\n";
    MpiSession::abort(kExitFailure);
  } catch (...) {
    std::cerr << "fermata: internal error on rank " << mpi.rank() << ": unknown exception\n";
    MpiSession::abort(kExitFailure);
  }
}

}  // namespace fermata::cli
