/* The container's init: pid 1 of the new pid namespace (or, without one, a
 * child subreaper). It prepares the container, forks the task, reaps every
 * orphan, forwards signals, and exits with the task's status. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stub.h"

int join_cgroup(const char *dir, int report_fd) {
  char path[4096];
  snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  /* "0" means the writing process, whatever pid namespace it is in. */
  if (fd < 0 || write(fd, "0", 1) != 1) {
    int err = errno;
    if (fd >= 0) close(fd);
    report_error(report_fd, "cgroup", err, EXIT_STUB_FAILED, "cannot join cgroup '%s'", dir);
    return -1;
  }
  close(fd);
  return 0;
}

static int join_cgroups(const struct options *opts, int report_fd, int joined_by_clone) {
  if (opts->clone_cgroup && !joined_by_clone && join_cgroup(opts->clone_cgroup, report_fd) < 0) return -1;
  for (int i = 0; i < opts->n_cgroups; i++)
    if (join_cgroup(opts->cgroups[i], report_fd) < 0) return -1;
  for (int i = 0; i < opts->n_resource_cgroups; i++)
    if (join_cgroup(opts->resource_cgroups[i], report_fd) < 0) return -1;
  return 0;
}

static int prepare_filesystem(const struct options *opts, int report_fd) {
  if (opts->unshare_mount) {
    if (unshare(CLONE_NEWNS) < 0) {
      report_error(report_fd, "unshare", errno, EXIT_STUB_FAILED, "cannot create a mount namespace");
      return -1;
    }
    int failed = open_mount_sources(opts, report_fd) < 0 || make_mounts_slave(report_fd) < 0 ||
                 apply_mounts(opts, report_fd) < 0;
    close_mount_sources(opts); /* host directories: pid 1 must not hold them open */
    if (failed) return -1;
  }
  if (opts->chdir_path && chdir(opts->chdir_path) < 0) {
    report_error(report_fd, "chdir", errno, EXIT_STUB_FAILED, "cannot change directory to '%s'",
                 opts->chdir_path);
    return -1;
  }
  return 0;
}

static int wait_for_release(int sync_fd, int report_fd) {
  if (sync_fd < 0) return 0;
  char byte;
  ssize_t n;
  do n = read(sync_fd, &byte, 1);
  while (n < 0 && errno == EINTR);
  close(sync_fd);
  if (n == 1) return 0;
  report_error(report_fd, "sync", n < 0 ? errno : 0, EXIT_STUB_FAILED,
               "the launcher went away before releasing the container");
  return -1;
}

/* Reaps until the task is gone; other children are adopted orphans. */
static int reap_until_task_exits(pid_t task, int sfd) {
  for (;;) {
    struct signalfd_siginfo si;
    ssize_t n = read(sfd, &si, sizeof(si));
    if (n != (ssize_t)sizeof(si)) continue; /* EINTR */
    if (si.ssi_signo != SIGCHLD) {
      kill(task, (int)si.ssi_signo);
      continue;
    }
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
      if (pid == task) return status;
  }
}

/* What the outer process holds (the status fd, the run directory, anything a
 * caller leaked to it) is not the init's: it keeps the report pipe and, until
 * the release, the sync fd. */
static void shed_outer_resources(const struct options *opts, int report_fd) {
  status_forget();
  exit_file_forget();
  int keep[] = {report_fd, opts->sync_fd};
  close_fds_except(keep, 2);
}

void run_init(const struct options *opts, const struct user_ids *user, int report_fd, int joined_by_clone) {
  /* Its own session: a terminal's signals reach the container only through
   * the outer process, which forwards them (once), as a caller would. */
  setsid();
  shed_outer_resources(opts, report_fd);
  int sfd = block_signals_fd();
  if (sfd < 0) {
    report_error(report_fd, "signals", errno, EXIT_STUB_FAILED, "cannot set up signal handling");
    _exit(EXIT_STUB_FAILED);
  }
  if (join_cgroups(opts, report_fd, joined_by_clone) < 0 || prepare_filesystem(opts, report_fd) < 0)
    _exit(EXIT_STUB_FAILED);
  if (!opts->unshare_pid) prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  if (wait_for_release(opts->sync_fd, report_fd) < 0) _exit(EXIT_STUB_FAILED);

  int failure_pipe[2];
  if (pipe2(failure_pipe, O_CLOEXEC) < 0) {
    report_error(report_fd, "fork", errno, EXIT_STUB_FAILED, "cannot create a pipe");
    _exit(EXIT_STUB_FAILED);
  }
  pid_t task = fork();
  if (task < 0) {
    report_error(report_fd, "fork", errno, EXIT_STUB_FAILED, "cannot fork the task");
    _exit(EXIT_STUB_FAILED);
  }
  if (task == 0) {
    close(failure_pipe[0]);
    become_task(opts, user, failure_pipe[1]);
  }
  close(failure_pipe[1]);

  /* EOF on the close-on-exec pipe means the exec succeeded. */
  struct task_failure f;
  ssize_t n;
  do n = read(failure_pipe[0], &f, sizeof(f));
  while (n < 0 && errno == EINTR);
  close(failure_pipe[0]);

  if (n == (ssize_t)sizeof(f)) {
    int status = exit_code_of(reap_until_task_exits(task, sfd));
    struct report r;
    describe_task_failure(&r, &f, status, opts, user);
    report_send(report_fd, &r);
    _exit(status);
  }

  struct report running = {.kind = REPORT_RUNNING, .pid = task};
  report_send(report_fd, &running);
  title_set(STUB_NAME);

  int status = reap_until_task_exits(task, sfd);
  struct report done = {.kind = REPORT_EXIT};
  done.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  done.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  report_send(report_fd, &done);
  _exit(exit_code_of(status));
}
