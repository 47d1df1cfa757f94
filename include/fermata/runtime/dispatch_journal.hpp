#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include <fermata/space/space.hpp>

namespace fermata {

/// @brief An append-only record, beside the checkpoint (`CHECKPOINT.dispatch`), of every task
/// the coordinator hands out and of every outcome it receives. A task dispatched without an
/// outcome was running when the process (or its MPI job) died, which a checkpoint cannot tell
/// apart from a fold that never started: with the journal, a configuration that crashes its
/// process (a segfault, the kernel's OOM killer) is charged an attempt for each death and
/// fails after `runtime.max_retries + 1` of them, instead of being re-run by every resume and
/// every requeue forever.
///
/// The trials an asynchronous run creates are journaled too ("t TRIAL VALUES..."), because
/// a trial created since the last checkpoint would otherwise be unknown on resume, and the
/// optimizer would propose another configuration in its place (a synchronous run checkpoints
/// each batch before dispatching it instead, and asks the same again on resume).
///
/// After a first line naming the study ("s CREATED"), one line per event ("d TRIAL FOLD",
/// "r TRIAL FOLD", "t ..."), each a single write(2) to a file
/// opened with O_APPEND, so a process that dies leaves every event before its death in the
/// page cache; no fsync (a node that loses power loses the tail, and then a fold is merely
/// re-run). Costs a few microseconds per fold. A journal with an empty path records nothing.
class DispatchJournal {
 public:
  using Task = std::pair<std::int64_t, int>;  ///< (trial, fold); fold -1 is the test set

  /// The journal of the checkpoint at `checkpoint_path` ("" for none). Opens nothing yet.
  explicit DispatchJournal(const std::string& checkpoint_path);
  ~DispatchJournal();
  DispatchJournal(const DispatchJournal&) = delete;
  DispatchJournal& operator=(const DispatchJournal&) = delete;

  /// What the previous session left in the file (empty without one).
  struct Contents {
    /// Every task dispatched more often than it had an outcome, with how many times.
    std::map<Task, int> unfinished;
    /// The configurations of the trials it created, by trial id.
    std::map<std::int64_t, Config> created;
  };
  /// Reads the file, if it is the journal of the study created at `study_created` (unix
  /// seconds; a journal left by another study of the same path is ignored). A line cut short
  /// by the death of the writer is ignored.
  Contents read(double study_created) const;

  /// Empties the file and opens it for this session's events of the study created at
  /// `study_created`. Call once the study holds (in a checkpoint on disk) what read()
  /// reported. Throws CheckpointError when the file cannot be created.
  void start(double study_created);

  void dispatched(std::int64_t trial, int fold) { append('d', trial, fold); }
  void resolved(std::int64_t trial, int fold) { append('r', trial, fold); }
  void created(std::int64_t trial, const Config& params);

  const std::string& path() const { return path_; }

 private:
  void append(char event, std::int64_t trial, int fold);
  void write_line(const std::string& line);

  std::string path_;
  int fd_ = -1;
};

}  // namespace fermata
