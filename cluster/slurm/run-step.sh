# shellcheck shell=bash
# Sourced by fermata.sbatch and fermata-array.sbatch (not run on its own): launches one
# `fermata run --resume` over the allocation, passes the time-limit warning on to it, and
# requeues the job when fermata stopped early with a checkpoint (exit 75) or when a process
# of the job died by a signal (a fold that segfaults, the OOM killer): fermata's dispatch
# journal charges such a fold an attempt per death, so its trial fails after
# runtime.max_retries + 1 of them and the study goes on.
#
#   fermata_step JOB CKPT [more fermata run arguments...]
#
# Environment:
#   FERMATA           the fermata binary (default: build/fermata under the submit directory)
#   FERMATA_ROOT      the repository, for cluster/mpirun.sh (default: the submit directory)
#   FERMATA_LAUNCHER  mpirun (default) or srun
#   FERMATA_SRUN_MPI  srun's --mpi plugin when FERMATA_LAUNCHER=srun (default: pmix)
#   FERMATA_MAX_REQUEUES  stop requeueing after this many restarts (default: 50), so a job
#                     that is interrupted again and again cannot circle forever
#   FERMATA_MAX_CRASH_REQUEUES  stop requeueing after this many deaths by a signal (default:
#                     10; counted in CKPT.crashes), so a crash that is no fold's fault
#                     cannot circle for long either

fermata_log() { echo "[fermata-slurm $(date +%H:%M:%S)] $*"; }

# Writes the HTML report next to the checkpoint (runs/x.h5 -> runs/x.html): one file to
# copy off the cluster and open in a browser. A report that cannot be written is logged,
# never fatal: the checkpoint is what matters.
fermata_html_report() {
  local fermata=$1 checkpoint=$2
  local html=${checkpoint%.h5}.html
  if "$fermata" report "$checkpoint" --html "$html" >/dev/null; then
    fermata_log "report: $html"
  else
    fermata_log "could not write the report $html"
  fi
}

fermata_step() {
  local job=$1 checkpoint=$2
  shift 2
  local submit_dir=${SLURM_SUBMIT_DIR:-$PWD}
  local root=${FERMATA_ROOT:-$submit_dir}
  local fermata=${FERMATA:-$submit_dir/build/fermata}
  local launcher=${FERMATA_LAUNCHER:-mpirun}
  local ranks=${SLURM_NTASKS:-1}
  local threads=${SLURM_CPUS_PER_TASK:-1}
  # A heterogeneous job (sbatch A : B) gives the coordinator a component of its own: group 0
  # is one task with as many CPUs as asked (the planner, the criterion and the checkpoint
  # writer run on threads of their own), group 1 the workers. srun launches both groups as
  # one MPI world, group 0 first, so the coordinator is rank 0.
  local het_groups=${SLURM_HET_SIZE:-0}
  if ((het_groups > 1)); then
    if [[ "$launcher" != srun ]]; then
      fermata_log "a heterogeneous job needs FERMATA_LAUNCHER=srun (mpirun cannot start both components)"
      return 2
    fi
    if [[ "${SLURM_NTASKS_HET_GROUP_0:-}" != 1 ]]; then
      fermata_log "in a heterogeneous job the first component is the coordinator: --ntasks=1, not ${SLURM_NTASKS_HET_GROUP_0:-?}"
      return 2
    fi
    ranks=0
    for ((group = 0; group < het_groups; ++group)); do
      local tasks_var=SLURM_NTASKS_HET_GROUP_$group
      ranks=$((ranks + ${!tasks_var:-0}))
    done
    threads=${SLURM_CPUS_PER_TASK_HET_GROUP_1:-1}
  fi
  export OMP_NUM_THREADS=$threads

  local -a run=("$fermata" run "$job" --resume --checkpoint "$checkpoint"
    --set "model.threads=$threads" "$@")
  local -a command
  case "$launcher" in
    mpirun)
      # Open MPI's mpirun reads the allocation from SLURM and starts its daemons with srun;
      # cluster/mpirun.sh turns USR1/TERM into the SIGUSR2 every rank receives (mpirun
      # itself would kill the ranks on TERM) and adds --allow-run-as-root when needed.
      command=("$root/cluster/mpirun.sh" -n "$ranks" "${run[@]}")
      ;;
    srun)
      # srun passes USR1, USR2 and TERM on to every task itself.
      if ((het_groups > 1)); then
        command=(srun --mpi="${FERMATA_SRUN_MPI:-pmix}" --het-group="0-$((het_groups - 1))"
          "${run[@]}")
      else
        command=(srun --mpi="${FERMATA_SRUN_MPI:-pmix}" --ntasks="$ranks"
          --cpus-per-task="$threads" "${run[@]}")
      fi
      ;;
    *)
      fermata_log "FERMATA_LAUNCHER must be mpirun or srun, not '$launcher'"
      return 2
      ;;
  esac

  fermata_log "job ${SLURM_JOB_ID:-?} restart ${SLURM_RESTART_COUNT:-0}: ${command[*]}"
  # The launcher runs in the background so that this shell can take the signal SLURM sends
  # with --signal=B:USR1@SECONDS (bash runs traps only between commands, never while a
  # foreground command is running).
  "${command[@]}" &
  local launcher_pid=$!
  # shellcheck disable=SC2064  # the pid is fixed now
  trap "fermata_log 'stop signal: passing USR1 to the launcher'; kill -USR1 $launcher_pid 2>/dev/null" \
    USR1 USR2 TERM INT
  local status
  # `wait` returns early (status > 128) when a trapped signal arrives; wait until the
  # launcher has really exited.
  while true; do
    wait "$launcher_pid"
    status=$?
    kill -0 "$launcher_pid" 2>/dev/null || break
  done
  trap - USR1 USR2 TERM INT
  if [[ "$status" -eq 0 || "$status" -eq 75 ]]; then
    fermata_html_report "$fermata" "$checkpoint"
  fi
  case "$status" in
    0)
      fermata_log "fermata finished (budget or stopping criterion): not requeued"
      return 0
      ;;
    75)
      local restarts=${SLURM_RESTART_COUNT:-0}
      if [[ -z "${SLURM_JOB_ID:-}" ]]; then
        fermata_log "fermata was interrupted (exit 75) outside SLURM: resume it by hand"
        return 75
      fi
      if ((restarts >= ${FERMATA_MAX_REQUEUES:-50})); then
        fermata_log "fermata was interrupted (exit 75) after $restarts restarts: not requeued"
        return 75
      fi
      fermata_log "fermata checkpointed and stopped (exit 75): requeueing job $SLURM_JOB_ID"
      scontrol requeue "$SLURM_JOB_ID"
      return $?
      ;;
    129 | 13[0-9] | 14[0-9] | 15[0-9] | 16[0-5])
      # 128 + a signal number: a rank (or the launcher) was killed, e.g. by a segfault or
      # the OOM killer. The checkpoint and the dispatch journal say which folds were running.
      local crashes=0
      [[ -f "$checkpoint.crashes" ]] && crashes=$(<"$checkpoint.crashes")
      crashes=$((crashes + 1))
      echo "$crashes" >"$checkpoint.crashes"
      if [[ -z "${SLURM_JOB_ID:-}" ]]; then
        fermata_log "a fermata process died by signal $((status - 128)) outside SLURM: resume it by hand"
        return "$status"
      fi
      if ((crashes > ${FERMATA_MAX_CRASH_REQUEUES:-10})); then
        fermata_log "a fermata process died by signal $((status - 128)), $crashes times: not requeued"
        return "$status"
      fi
      fermata_log "a fermata process died by signal $((status - 128)) (death $crashes): requeueing job $SLURM_JOB_ID"
      scontrol requeue "$SLURM_JOB_ID"
      return $?
      ;;
    *)
      fermata_log "fermata exited $status: not requeued"
      return "$status"
      ;;
  esac
}
