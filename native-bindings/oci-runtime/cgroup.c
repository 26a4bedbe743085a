/* The container's cgroups, as recorded at create: freeze and thaw (pause,
 * resume, kill --all), the processes (ps, kill --all), removal (delete). */
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

#include "oci.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

static int write_control(const char *dir, const char *name, const char *value) {
  char path[4200];
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  int rc = write_all(fd, value, strlen(value));
  int err = errno;
  close(fd);
  errno = err;
  return rc;
}

static int read_control(const char *dir, const char *name, char *buf, size_t size) {
  char path[4200];
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = read(fd, buf, size - 1);
  close(fd);
  if (n < 0) return -1;
  buf[n] = '\0';
  return 0;
}

static void sleep_ms(int ms) {
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

int cgroup_is_frozen(const struct record *r) {
  char buf[512];
  if (!r->freezer) return 0;
  if (r->freezer_v2) return read_control(r->freezer, "cgroup.events", buf, sizeof(buf)) == 0 && strstr(buf, "frozen 1");
  return read_control(r->freezer, "freezer.state", buf, sizeof(buf)) == 0 && strncmp(buf, "FROZEN", 6) == 0;
}

/* Freezes (or thaws) and waits until the kernel says it is done (<= 2 s). */
int cgroup_freeze(const struct record *r, int freeze) {
  if (!r->freezer) {
    errno = ENOTSUP;
    return -1;
  }
  const char *file = r->freezer_v2 ? "cgroup.freeze" : "freezer.state";
  const char *value = r->freezer_v2 ? (freeze ? "1" : "0") : (freeze ? "FROZEN" : "THAWED");
  for (int waited = 0; waited < 2000; waited += 1) {
    if (write_control(r->freezer, file, value) < 0) return -1;
    if (!freeze || cgroup_is_frozen(r)) return 0;
    sleep_ms(1); /* FREEZING: v1 needs the write repeated to make progress */
  }
  if (freeze) write_control(r->freezer, file, r->freezer_v2 ? "0" : "THAWED");
  errno = EBUSY;
  return -1;
}

static void collect(const char *dir, pid_t **pids, int *n, int *cap) {
  char path[4200];
  snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
  FILE *f = fopen(path, "re");
  if (f) {
    long pid;
    while (fscanf(f, "%ld", &pid) == 1) {
      if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        *pids = realloc(*pids, sizeof(pid_t) * (size_t)*cap);
        if (!*pids) fail("out of memory");
      }
      (*pids)[(*n)++] = (pid_t)pid;
    }
    fclose(f);
  }
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_type != DT_DIR || e->d_name[0] == '.') continue;
    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
    collect(path, pids, n, cap);
  }
  closedir(d);
}

/* Every process in the container's cgroup and below it. */
int cgroup_pids(const struct record *r, pid_t **pids) {
  int n = 0, cap = 0;
  *pids = NULL;
  if (r->procs_cgroup) collect(r->procs_cgroup, pids, &n, &cap);
  return n;
}

int cgroup_has_processes(const struct record *r) {
  pid_t *pids;
  int n = cgroup_pids(r, &pids);
  free(pids);
  return n > 0;
}

/* kill --all: cgroup.kill where there is one (SIGKILL); otherwise frozen,
 * so that no process forks or exits while the list is read, every process
 * signalled, then thawed (unless it was paused and the signal is not KILL). */
int cgroup_signal_all(const struct record *r, int sig) {
  if (sig == SIGKILL && r->cgroup_v2 && write_control(r->cgroup_v2, "cgroup.kill", "1") == 0) return 0;
  int was_frozen = cgroup_is_frozen(r);
  int frozen = was_frozen || (r->freezer && cgroup_freeze(r, 1) == 0);
  pid_t *pids;
  int n = cgroup_pids(r, &pids);
  for (int i = 0; i < n; i++) {
    int fd = (int)syscall(SYS_pidfd_open, pids[i], 0);
    if (fd < 0) continue; /* gone */
    syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0);
    close(fd);
  }
  free(pids);
  if (frozen && (!was_frozen || sig == SIGKILL)) cgroup_freeze(r, 0);
  return 0;
}

static int remove_below(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return errno == ENOENT ? 0 : -1;
  struct dirent *e;
  char path[4200];
  int rc = 0;
  while ((e = readdir(d)) != NULL) {
    if (e->d_type != DT_DIR || e->d_name[0] == '.') continue;
    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
    if (remove_below(path) < 0) rc = -1;
  }
  closedir(d);
  if (rmdir(dir) < 0 && errno != ENOENT) rc = -1;
  return rc;
}

/* Removes each cgroup (and any below it); EBUSY (processes still exiting)
 * is retried until wait_ms. Returns -1 with errno of the last failure. */
int cgroup_remove_all(char *const *dirs, int n, int wait_ms) {
  for (int waited = 0;; waited += 2) {
    int failed = 0, err = 0;
    for (int i = 0; i < n; i++)
      if (remove_below(dirs[i]) < 0) {
        failed = 1;
        err = errno;
      }
    if (!failed) return 0;
    if (waited >= wait_ms || err != EBUSY) {
      errno = err;
      return -1;
    }
    sleep_ms(2);
  }
}
