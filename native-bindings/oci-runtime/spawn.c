/* From the front-end to the container's first process, in two steps (a
 * pid namespace, joined or new, applies only to the children of whoever
 * entered it):
 *   middle  born in the v2 cgroup (clone3), joins the v1 cgroups, sets
 *           oom_score_adj, joins namespaces given by path (the user one
 *           first), makes the new ones (a new user namespace first, its
 *           maps written by the front-end), forks the init, reports its
 *           pid and exits: the init is then an orphan, which the kernel
 *           gives to the nearest subreaper (containerd's shim);
 *   init    (or the exec'd process) does the rest: container_init.c.
 * With exec, the namespaces to join are the running init's. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init.h"

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#define INTO_CGROUP 0x200000000ULL
#define NS_GET_NSTYPE 0xb703 /* _IO(0xb7, 0x3) */
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

static const struct {
  const char *name;
  int type;
} kinds[] = {{"user", CLONE_NEWUSER}, {"cgroup", CLONE_NEWCGROUP}, {"ipc", CLONE_NEWIPC}, {"uts", CLONE_NEWUTS},
             {"net", CLONE_NEWNET},   {"pid", CLONE_NEWPID},       {"time", CLONE_NEWTIME}, {"mnt", CLONE_NEWNS}};
#define N_KINDS ((int)(sizeof(kinds) / sizeof(kinds[0])))

/* exec: the init's namespaces that are not already ours, in join order. */
static int open_init_namespaces(const struct plan *p, int fds[N_KINDS], int report_fd) {
  int n = 0;
  for (int k = 0; k < N_KINDS; k++) {
    char theirs[64], ours[64];
    snprintf(theirs, sizeof(theirs), "/proc/%d/ns/%s", (int)p->exec_pid, kinds[k].name);
    snprintf(ours, sizeof(ours), "/proc/self/ns/%s", kinds[k].name);
    struct stat a, b;
    fds[k] = -1;
    if (stat(theirs, &a) < 0) {
      if (errno == ENOENT && k == 6) continue; /* no time namespaces in this kernel */
      child_fail(report_fd, errno, "cannot find the %s namespace of the container's init %d", kinds[k].name, (int)p->exec_pid);
    }
    if (stat(ours, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev) continue;
    fds[k] = open(theirs, O_RDONLY | O_CLOEXEC);
    if (fds[k] < 0) child_fail(report_fd, errno, "cannot open %s", theirs);
    n++;
  }
  /* after the opens: the namespaces are those of the init we mean */
  if (start_time_of(p->exec_pid) != p->exec_start_time) child_fail(report_fd, ESRCH, "the container's init %d is gone", (int)p->exec_pid);
  return n;
}

/* create: the namespaces given by path, in join order. */
static void open_given_namespaces(const struct plan *p, int fds[N_KINDS], int report_fd) {
  for (int k = 0; k < N_KINDS; k++) {
    fds[k] = -1;
    for (int i = 0; i < p->n_ns; i++) {
      if (p->ns[i].type != kinds[k].type || !p->ns[i].path) continue;
      fds[k] = open(p->ns[i].path, O_RDONLY | O_CLOEXEC);
      if (fds[k] < 0) child_fail(report_fd, errno, "cannot open the %s namespace %s", kinds[k].name, p->ns[i].path);
      int type = ioctl(fds[k], NS_GET_NSTYPE);
      if (type >= 0 && type != kinds[k].type)
        child_fail(report_fd, 0, "%s is not a %s namespace", p->ns[i].path, kinds[k].name);
      if (type < 0 && errno == ENOTTY) child_fail(report_fd, 0, "%s is not a namespace file", p->ns[i].path);
    }
  }
}

static void join_namespaces(int fds[N_KINDS], const struct plan *p, int report_fd) {
  for (int k = 0; k < N_KINDS; k++) {
    if (fds[k] < 0) continue;
    if (setns(fds[k], kinds[k].type) < 0) child_fail(report_fd, errno, "cannot join the %s namespace", kinds[k].name);
    close(fds[k]);
  }
  (void)p;
}

static void make_namespaces(const struct plan *p, struct channel *ch) {
  int flags = 0, user = 0;
  for (int i = 0; i < p->n_ns; i++) {
    if (p->ns[i].path) continue;
    if (p->ns[i].type == CLONE_NEWUSER) user = 1;
    else flags |= p->ns[i].type;
  }
  int rfd = ch->report[1];
  if (user) {
    if (unshare(CLONE_NEWUSER) < 0) child_fail(rfd, errno, "cannot create a user namespace");
    /* the front-end writes our maps: it is root outside */
    prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
    report_send(rfd, R_MAPS, 0);
    if (wait_sync(ch->sync[0]) < 0) _exit(1);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    /* root of the new namespace, where root is mapped */
    if (setresgid(0, 0, 0) < 0 && errno != EINVAL) child_fail(rfd, errno, "cannot become root in the user namespace");
    if (setresuid(0, 0, 0) < 0 && errno != EINVAL) child_fail(rfd, errno, "cannot become root in the user namespace");
  }
  if (flags && unshare(flags) < 0) child_fail(rfd, errno, "cannot create the container's namespaces");
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
  int fds[N_KINDS];
  if (p->exec_pid) open_init_namespaces(p, fds, rfd);
  else open_given_namespaces(p, fds, rfd);
  join_namespaces(fds, p, rfd);
  if (!p->exec_pid) make_namespaces(p, ch);
  pid_t child = fork();
  if (child < 0) child_fail(rfd, errno, "cannot fork the container's %s", p->exec_pid ? "process" : "init");
  if (child == 0) {
    if (p->exec_pid) run_exec_child(p, ch);
    run_container_init(p, ch);
  }
  report_send(rfd, R_PID, child);
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

static void write_map(pid_t pid, const char *name, const struct list *lines) {
  if (lines->n == 0) return;
  char path[64], text[4096];
  size_t n = 0;
  for (int i = 0; i < lines->n && n + strlen(lines->v[i]) + 2 < sizeof(text); i++)
    n += (size_t)snprintf(text + n, sizeof(text) - n, "%s\n", lines->v[i]);
  snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write(fd, text, n) != (ssize_t)n) fail("cannot write the container's %s (%s): %s", name, path, strerror(errno));
  close(fd);
}

void write_id_maps(pid_t pid, const struct plan *p) {
  write_map(pid, "uid_map", &p->uid_map);
  write_map(pid, "gid_map", &p->gid_map);
}
