/* The container's namespaces, in the middle process (spawn.c): those given
 * by path (or, for exec, the running init's) joined, the user one first,
 * then the new ones made, a new user namespace first, its id maps written
 * by the front-end (it is root outside). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#define NS_GET_NSTYPE 0xb703 /* _IO(0xb7, 0x3) */

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

static void join_namespaces(int fds[N_KINDS], int report_fd) {
  for (int k = 0; k < N_KINDS; k++) {
    if (fds[k] < 0) continue;
    if (setns(fds[k], kinds[k].type) < 0) child_fail(report_fd, errno, "cannot join the %s namespace", kinds[k].name);
    close(fds[k]);
  }
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

void enter_namespaces(const struct plan *p, struct channel *ch) {
  int fds[N_KINDS];
  if (p->exec_pid) open_init_namespaces(p, fds, ch->report[1]);
  else open_given_namespaces(p, fds, ch->report[1]);
  join_namespaces(fds, ch->report[1]);
  if (!p->exec_pid) make_namespaces(p, ch);
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
