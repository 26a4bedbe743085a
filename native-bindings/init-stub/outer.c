/* The outer part: stays in the caller's namespaces and outside the
 * container's cgroup, so it outlives a destroy and can record how the
 * container ended. It relays init's reports to the status fd, forwards
 * signals to init, and exits with the task's status. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "stub.h"

/* Field 22 of /proc/<pid>/stat: with the pid, it names one process for good. */
unsigned long long start_time_of(pid_t pid) {
  char path[64], buf[1024];
  snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, buf, sizeof(buf) - 1);
  close(fd);
  if (n <= 0) return 0;
  buf[n] = '\0';
  char *p = strrchr(buf, ')');
  if (!p) return 0;
  /* after ") " come fields 3.. ; skip 19 of them to reach field 22 */
  p += 2;
  for (int field = 3; field < 22 && p; field++) {
    p = strchr(p, ' ');
    if (p) p++;
  }
  return p ? strtoull(p, NULL, 10) : 0;
}

/* The pid namespace the init is in (a new one, or ours). */
static unsigned long long pid_namespace_of(pid_t pid) {
  char path[64];
  struct stat st;
  snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)pid);
  if (stat(path, &st) < 0) return 0;
  return (unsigned long long)st.st_ino;
}

static void announce_init(pid_t init, unsigned long long init_start, unsigned long long pid_ns, int new_pid_ns) {
  char line[160];
  snprintf(line, sizeof(line), "{\"event\":\"init\",\"pid\":%d,\"start_time\":%llu,\"pid_ns\":%llu,\"new_pid_ns\":%s}\n",
           (int)init, init_start, pid_ns, new_pid_ns ? "true" : "false");
  status_write_line(line);
}

struct outcome {
  int running;
  int have_exit;
  struct report exit;
  int have_error;
  struct report error;
};

static void handle_report(const struct report *r, struct outcome *out) {
  switch (r->kind) {
    case REPORT_ERROR:
      if (out->running) break; /* init reports errors only before the task runs: a task forged this one */
      out->have_error = 1;
      out->error = *r;
      status_event_error(r);
      break;
    case REPORT_RUNNING:
      out->running = 1;
      status_event_running(r->pid);
      hand_over_task_running();
      break;
    case REPORT_EXIT:
      out->have_exit = 1;
      out->exit = *r;
      break;
  }
}

/* Returns 0 on a full report, -1 at EOF or on a torn read. */
static int read_report(int fd, struct report *r) {
  ssize_t n;
  do n = read(fd, r, sizeof(*r));
  while (n < 0 && errno == EINTR);
  if (n != (ssize_t)sizeof(*r)) return -1;
  report_sanitize(r);
  return 0;
}

static int supervise(const struct options *opts, pid_t init, int sfd, int report_fd, struct outcome *out) {
  int report_open = 1;
  for (;;) {
    struct pollfd fds[3] = {{sfd, POLLIN, 0}, {report_fd, POLLIN, 0}, {oom_watch_fd(), POLLIN, 0}};
    if (!report_open) fds[1].fd = -1; /* poll skips negative fds */
    int ready = poll(fds, 3, oom_watch_timeout_ms());
    if (ready < 0) continue;
    if (fds[2].revents ? oom_watch_event() : ready == 0 && oom_watch_check()) memory_limit_reached(opts, init);
    if (report_open && fds[1].revents) {
      struct report r;
      if (read_report(report_fd, &r) == 0) handle_report(&r, out);
      else report_open = 0;
    }
    if (!fds[0].revents) continue;
    struct signalfd_siginfo si;
    if (read(sfd, &si, sizeof(si)) != (ssize_t)sizeof(si)) continue;
    if (opts->die_with_parent && (int)si.ssi_signo == parent_death_signal()) {
      kill_container(opts, init);
      continue;
    }
    if (si.ssi_signo != SIGCHLD) {
      kill(init, (int)si.ssi_signo);
      continue;
    }
    int status;
    if (waitpid(init, &status, WNOHANG) != init) continue;
    struct report r;
    while (report_open && read_report(report_fd, &r) == 0) handle_report(&r, out);
    return status;
  }
}

/* An emptied container's cgroups go with it; one that still holds processes
 * (no pid namespace, daemons left behind) is left for destroy. */
static void remove_cgroups(const struct options *opts) {
  if (opts->keep_cgroups) return;
  if (opts->clone_cgroup) rmdir(opts->clone_cgroup);
  for (int i = 0; i < opts->n_cgroups; i++) rmdir(opts->cgroups[i]);
}

/* Test-only (--test-linger-ms): the end is recorded, and we are still here,
 * as when the fsync of the record's directory takes long on a busy host.
 * Whoever waits for the container to be gone must wait for us too. */
static void linger_for_test(const struct options *opts) {
  if (opts->test_linger_ms <= 0) return;
  struct timespec ts = {opts->test_linger_ms / 1000, (opts->test_linger_ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) < 0 && errno == EINTR) continue;
}

int run_outer(struct options *opts, const struct user_ids *user) {
  signal(SIGPIPE, SIG_IGN); /* a detached caller closes the status pipe */
  int sfd = block_signals_fd();
  if (sfd < 0) die(EXIT_STUB_FAILED, "signals", errno, "cannot set up signal handling");
  if (opts->die_with_parent && die_with_parent_arm(sfd, opts->die_with_parent) < 0)
    die(EXIT_STUB_FAILED, "parent", errno, "cannot tie the container to its parent (pid %d)", opts->die_with_parent);

  int report_pipe[2], release_pipe[2] = {-1, -1};
  if (pipe2(report_pipe, O_CLOEXEC) < 0) die(EXIT_STUB_FAILED, "fork", errno, "cannot create a pipe");
  /* Handed over, we release the init ourselves: it waits on our pipe. */
  if (opts->record) {
    if (pipe2(release_pipe, O_CLOEXEC) < 0) die(EXIT_STUB_FAILED, "fork", errno, "cannot create a pipe");
    opts->sync_fd = release_pipe[0];
  }
  if (opts->oom_cgroup) oom_watch_start(opts->oom_cgroup);

  int joined_by_clone;
  pid_t init = spawn_init(opts, opts->unshare_pid, &joined_by_clone);
  if (init < 0 && opts->unshare_pid) die(EXIT_STUB_FAILED, "unshare", errno, "cannot create the container's init in a new pid namespace");
  if (init < 0) die(EXIT_STUB_FAILED, "fork", errno, "cannot fork the container's init");
  if (init == 0) {
    close(report_pipe[0]);
    close(sfd);
    oom_watch_forget();
    hand_over_forget();
    run_init(opts, user, report_pipe[1], joined_by_clone);
  }
  close(report_pipe[1]);
  if (opts->sync_fd >= 0) close(opts->sync_fd);
  unsigned long long init_start = start_time_of(init), pid_ns = pid_namespace_of(init);
  announce_init(init, init_start, pid_ns, opts->unshare_pid);

  struct outcome out = {0};
  int status = 0;
  if (opts->record && hand_over_release(opts, init, init_start, pid_ns, release_pipe[1], &out.error, &status) < 0) {
    out.have_error = 1;
  } else {
    status = supervise(opts, init, sfd, report_pipe[0], &out);
  }
  /* An OOM kill not reported yet (the container ended right after it) is
   * recorded before the termination, so that no reader sees one without the
   * other. init is reaped: its pid is no longer ours to signal. */
  if (oom_watch_check()) memory_limit_reached(opts, 0);

  int exit_code = -1, signal_number = 0;
  if (out.have_exit) {
    exit_code = out.exit.exit_code;
    signal_number = out.exit.signal;
  } else if (WIFSIGNALED(status)) {
    signal_number = WTERMSIG(status); /* init itself was killed: a destroy */
  } else {
    exit_code = WEXITSTATUS(status);
  }
  if (opts->record && !out.running && !out.have_error) {
    /* Handed over, the init died before the task ran, saying nothing (killed). */
    format_report(&out.error, "monitor", 0, EXIT_STUB_FAILED, "the container's init %s %d before the task started",
                  signal_number ? "was killed by signal" : "exited with status", signal_number ? signal_number : exit_code);
    out.have_error = 1;
  }
  exit_file_write(exit_code, signal_number, out.have_error ? &out.error : NULL);
  linger_for_test(opts);
  status_event_exit(exit_code, signal_number);
  remove_cgroups(opts);
  /* The launch failed before its task ran: the CLI undoes what it made. */
  if (opts->record && out.have_error) hand_back(&out.error);
  return hand_over_exit_code(opts, exit_code, signal_number);
}
