/* Ending the whole container from the outer process (a memory limitation):
 * SIGKILL to its init (with a pid namespace the kernel kills the rest); then
 * v2's cgroup.kill where the container's cgroup has it; else every process
 * listed in its cgroups (and below them) is killed through a pidfd, again
 * until none is left or the time bound passes. A pid read from cgroup.procs
 * may be reused before we signal it: the pidfd is opened first, then
 * /proc/<pid>/cgroup must still place it in that cgroup. Destroy, later,
 * does the thorough job (freezer, deadline, error naming what is left). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "stub.h"

#define SWEEP_BOUND_MS 1000
#define MAX_DEPTH 16

static int write_control(const char *dir, const char *name, const char *value) {
  char path[4096];
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  int ok = write(fd, value, strlen(value)) == (ssize_t)strlen(value);
  close(fd);
  return ok ? 0 : -1;
}

/* Whether /proc/<pid>/cgroup places the process in `dir`: one of its paths
 * (relative to a hierarchy's root) is the tail of dir, component-wise. */
static int still_in(pid_t pid, const char *dir) {
  char path[64], text[4096];
  snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, text, sizeof(text) - 1);
  close(fd);
  if (n <= 0) return 0;
  text[n] = '\0';
  size_t dir_len = strlen(dir);
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
    char *cg = strchr(line, ':');
    cg = cg ? strchr(cg + 1, ':') : NULL;
    if (!cg || strlen(cg + 1) <= 1) continue; /* no path, or the root */
    size_t len = strlen(cg + 1);
    if (len <= dir_len && strcmp(dir + dir_len - len, cg + 1) == 0) return 1;
  }
  return 0;
}

/* SIGKILLs what cgroup.procs of dir and of the cgroups below it list; returns how many. */
static int kill_listed(const char *dir, int depth) {
  int signalled = 0;
  char path[4096];
  snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
  FILE *procs = fopen(path, "re");
  if (procs) {
    int pid;
    while (fscanf(procs, "%d", &pid) == 1) {
      int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
      if (pidfd < 0) continue; /* gone already */
      if (still_in(pid, dir) && syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0) == 0) signalled++;
      close(pidfd);
    }
    fclose(procs);
  }
  DIR *below = depth < MAX_DEPTH ? opendir(dir) : NULL;
  if (!below) return signalled;
  for (struct dirent *e; (e = readdir(below));) {
    if (e->d_type != DT_DIR || e->d_name[0] == '.') continue;
    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
    signalled += kill_listed(path, depth + 1);
  }
  closedir(below);
  return signalled;
}

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int kill_all_listed(const struct options *opts) {
  int signalled = 0;
  if (opts->clone_cgroup) signalled += kill_listed(opts->clone_cgroup, 0);
  for (int i = 0; i < opts->n_cgroups; i++) signalled += kill_listed(opts->cgroups[i], 0);
  for (int i = 0; i < opts->n_resource_cgroups; i++) signalled += kill_listed(opts->resource_cgroups[i], 0);
  return signalled;
}

void kill_container(const struct options *opts, pid_t init) {
  if (init > 0) kill(init, SIGKILL); /* our child, not reaped yet: the pid is still its */
  if (opts->clone_cgroup && write_control(opts->clone_cgroup, "cgroup.kill", "1") == 0) return;
  long long until = now_ms() + SWEEP_BOUND_MS;
  while (kill_all_listed(opts) > 0 && now_ms() < until) {
    struct timespec pause = {0, 2 * 1000 * 1000};
    nanosleep(&pause, NULL);
  }
}
