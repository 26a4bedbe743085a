/* enter: run a program inside a running container, as nsenter would but
 * also in its cgroup and sandbox. We join its pid namespace (for our
 * children), create the child in its cgroup, and the child joins its mount
 * namespace before exec. The child is then one of the container's processes:
 * it dies with the container's init. setns happens here, in this single-
 * threaded process, never in Node (DESIGN.md §2). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stub.h"

static int open_namespace(pid_t pid, const char *kind) {
  char path[64];
  snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, kind);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) die(EXIT_STUB_FAILED, "enter", errno, "cannot open the %s namespace of the container's init %d", kind, (int)pid);
  return fd;
}

__attribute__((noreturn)) static void become_entered(const struct options *opts, const struct user_ids *user,
                                                     int mnt_fd, int joined_by_clone, int failure_fd) {
  struct task_failure setup = {TASK_STAGE_SETUP, 0};
  int ok = (joined_by_clone || !opts->clone_cgroup || join_cgroup(opts->clone_cgroup, -1) == 0);
  for (int i = 0; ok && i < opts->n_cgroups; i++) ok = join_cgroup(opts->cgroups[i], -1) == 0;
  for (int i = 0; ok && i < opts->n_resource_cgroups; i++) ok = join_cgroup(opts->resource_cgroups[i], -1) == 0;
  if (!ok || setns(mnt_fd, CLONE_NEWNS) < 0 || (opts->chdir_path && chdir(opts->chdir_path) < 0)) {
    setup.error = errno;
    task_failed(failure_fd, setup);
  }
  become_task(opts, user, failure_fd);
}

int run_enter(const struct options *opts, const struct user_ids *user) {
  signal(SIGPIPE, SIG_IGN);
  pid_t init = (pid_t)opts->enter_pid;
  int pid_fd = open_namespace(init, "pid");
  int mnt_fd = open_namespace(init, "mnt");
  /* Checked after the opens: the namespaces are those of the init we mean. */
  if (start_time_of(init) != opts->enter_start_time)
    die(EXIT_STUB_FAILED, "enter", ESRCH, "the container's init %d is gone", (int)init);
  if (setns(pid_fd, CLONE_NEWPID) < 0) die(EXIT_STUB_FAILED, "enter", errno, "cannot join the container's pid namespace");

  /* INT and QUIT come from the terminal to the whole foreground group, the
   * entered program included: they are not forwarded a second time. */
  int sfd = block_signals_fd();
  int failure_pipe[2];
  if (sfd < 0 || pipe2(failure_pipe, O_CLOEXEC) < 0) die(EXIT_STUB_FAILED, "enter", errno, "cannot set up");
  int joined_by_clone;
  pid_t child = spawn_init(opts, 0, &joined_by_clone);
  if (child < 0) die(EXIT_STUB_FAILED, "fork", errno, "cannot fork");
  if (child == 0) {
    close(failure_pipe[0]);
    become_entered(opts, user, mnt_fd, joined_by_clone, failure_pipe[1]);
  }
  close(failure_pipe[1]);
  status_event_init(child);

  struct task_failure f;
  ssize_t n;
  do n = read(failure_pipe[0], &f, sizeof(f));
  while (n < 0 && errno == EINTR);
  int failed = n == (ssize_t)sizeof(f);
  if (!failed) status_event_running(child);

  for (;;) {
    struct signalfd_siginfo si;
    if (read(sfd, &si, sizeof(si)) != (ssize_t)sizeof(si)) continue;
    int sig = (int)si.ssi_signo;
    if (sig == SIGINT || sig == SIGQUIT) continue;
    if (sig != SIGCHLD) {
      kill(child, sig);
      continue;
    }
    int status;
    if (waitpid(child, &status, WNOHANG) != child) continue;
    if (failed) {
      struct report r;
      describe_task_failure(&r, &f, exit_code_of(status), opts, user);
      status_event_error(&r);
      return exit_code_of(status);
    }
    status_event_exit(WIFEXITED(status) ? WEXITSTATUS(status) : -1, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    return exit_code_of(status);
  }
}
