/* From the front-end to the container's first process, in two steps (a
 * pid namespace, joined or new, applies only to the children of whoever
 * entered it):
 *   middle  born in the v2 cgroup (clone3), joins the v1 cgroups, sets
 *           oom_score_adj, joins and makes the namespaces (namespaces.c),
 *           forks the init, reports its pid, lets the init go on (only
 *           then: the front-end learns its pid before anything the init
 *           reports) and exits: the init is then an
 *           orphan, which the kernel gives to the nearest subreaper
 *           (containerd's shim);
 *   init    (or the exec'd process) does the rest: container_init.c. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "init.h"

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#define INTO_CGROUP 0x200000000ULL
#ifndef SYS_close_range
#define SYS_close_range 436
#endif

struct clone3_args {
  unsigned long long flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size,
      cgroup;
};

static void write_file(int report_fd, const char *path, const char *value) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write_all(fd, value, strlen(value)) < 0) child_fail(report_fd, errno, "cannot write '%s' to %s", value, path);
  close(fd);
}

static void join_cgroups(const struct plan *p, int joined_by_clone, int report_fd) {
  char path[4200];
  if (p->clone_cgroup && !joined_by_clone) {
    snprintf(path, sizeof(path), "%s/cgroup.procs", p->clone_cgroup);
    write_file(report_fd, path, "0");
  }
  for (int i = 0; i < p->cgroups.n; i++) {
    snprintf(path, sizeof(path), "%s/cgroup.procs", p->cgroups.v[i]);
    write_file(report_fd, path, "0");
  }
}

/* Everything the front-end holds (the container's lock above all) stays
 * with it: the container keeps only its stdio and what it is given. */
static void close_other_fds(const int *keep, int n) {
  int fd_max = 3;
  for (int i = 0; i < n; i++)
    if (keep[i] >= fd_max) fd_max = keep[i] + 1;
  for (int fd = 3; fd < fd_max; fd++) {
    int kept = 0;
    for (int i = 0; i < n; i++) kept |= keep[i] == fd;
    if (!kept) close(fd);
  }
  if (syscall(SYS_close_range, fd_max, ~0U, 0) < 0)
    for (int fd = fd_max; fd < 4096; fd++) close(fd);
}

/* Test-only: the middle waits this many milliseconds (at most 5 s) between
 * forking the init and reporting its pid, so that a test can make the init
 * run ahead of that report, as a busy host sometimes does. */
#define PID_REPORT_DELAY_ENV "MESOS_CONTAINERIZER_OCI_TEST_PID_REPORT_DELAY_MS"

static void test_delay_pid_report(void) {
  const char *ms = getenv(PID_REPORT_DELAY_ENV);
  long n = ms ? strtol(ms, NULL, 10) : 0;
  if (n <= 0) return;
  if (n > 5000) n = 5000;
  struct timespec ts = {n / 1000, (n % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) < 0 && errno == EINTR) continue;
}

/* In the child, before anything it could report: the middle's report of
 * its pid goes first. The front-end reads the reports in order, and create
 * must know the init's pid when the init says it is ready (or asks for the
 * prestart hooks, which get that pid in the state): were the init to win
 * that race, create would record pid 0. EOF without the byte: the middle
 * died before reporting, and the front-end fails the call. */
static void wait_for_pid_report(int gate[2]) {
  close(gate[1]);
  char byte;
  ssize_t n;
  do n = read(gate[0], &byte, 1);
  while (n < 0 && errno == EINTR);
  if (n != 1) _exit(1);
  close(gate[0]);
}

__attribute__((noreturn)) static void run_middle(struct plan *p, struct channel *ch, int joined_by_clone) {
  int keep[] = {ch->report[1], ch->sync[0], p->console_fd};
  close_other_fds(keep, 3);
  int rfd = ch->report[1];
  /* exec.fifo's read end: `start` writes into it. Opened here, as the host's
   * root, before any namespace is joined or made. */
  if (p->fifo && (p->fifo_fd = open(p->fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
    child_fail(rfd, errno, "cannot open %s", p->fifo);
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); /* nothing in a joined namespace may ptrace or open us */
  join_cgroups(p, joined_by_clone, rfd);
  if (p->process.has_oom_score_adj) {
    char value[32];
    snprintf(value, sizeof(value), "%d", p->process.oom_score_adj);
    write_file(rfd, "/proc/self/oom_score_adj", value);
  }
  enter_namespaces(p, ch);
  int gate[2];
  if (pipe2(gate, O_CLOEXEC) < 0) child_fail(rfd, errno, "cannot create a pipe");
  pid_t child = fork();
  if (child < 0) child_fail(rfd, errno, "cannot fork the container's %s", p->exec_pid ? "process" : "init");
  if (child == 0) {
    wait_for_pid_report(gate);
    if (p->exec_pid) run_exec_child(p, ch);
    run_container_init(p, ch);
  }
  close(gate[0]);
  test_delay_pid_report();
  report_send(rfd, R_PID, child);
  if (write(gate[1], "p", 1) != 1) _exit(1);
  _exit(0);
}

static pid_t clone_into(const char *cgroup, int *joined) {
  *joined = 0;
  if (cgroup) {
    int fd = open(cgroup, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
      struct clone3_args args;
      memset(&args, 0, sizeof(args));
      args.flags = INTO_CGROUP;
      args.exit_signal = SIGCHLD;
      args.cgroup = (unsigned long long)fd;
      pid_t pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
      int err = errno;
      close(fd);
      if (pid >= 0) {
        *joined = 1;
        return pid;
      }
      if (err != ENOSYS && err != EINVAL && err != E2BIG) {
        errno = err;
        return -1;
      }
    }
  }
  return fork();
}

/* In the front-end: the middle's pid (reap it once it reported the init). */
pid_t spawn_container(struct plan *p, struct channel *ch) {
  if (pipe2(ch->report, O_CLOEXEC) < 0 || pipe2(ch->sync, O_CLOEXEC) < 0) fail("cannot create a pipe: %s", strerror(errno));
  int joined;
  pid_t middle = clone_into(p->clone_cgroup, &joined);
  if (middle < 0) fail("cannot start the container's first process in cgroup %s: %s", p->clone_cgroup, strerror(errno));
  if (middle == 0) run_middle(p, ch, joined);
  close(ch->report[1]);
  close(ch->sync[0]);
  return middle;
}

