/* A container's status, from what can be verified now: the recorded init
 * is alive only if its pid still has the recorded start time and is not a
 * zombie; "created" while exec.fifo exists; "paused" while its freezer is
 * frozen. A create that died half-way (no init recorded, nobody holding
 * the lock) is "stopped", so that delete can finish it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "oci.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

const char *status_name(enum status s) {
  static const char *names[] = {"creating", "created", "running", "paused", "stopped"};
  return names[s];
}

/* Fields 3 (state) and 22 (start time) of /proc/<pid>/stat. */
static int read_stat(pid_t pid, char *state, unsigned long long *start) {
  char path[64], buf[1024];
  snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = read(fd, buf, sizeof(buf) - 1);
  close(fd);
  if (n <= 0) return -1;
  buf[n] = '\0';
  char *p = strrchr(buf, ')');
  if (!p || p[1] != ' ') return -1;
  *state = p[2];
  p += 2;
  for (int field = 3; field < 22 && p; field++) {
    p = strchr(p, ' ');
    if (p) p++;
  }
  if (!p) return -1;
  *start = strtoull(p, NULL, 10);
  return 0;
}

unsigned long long start_time_of(pid_t pid) {
  char state;
  unsigned long long start;
  return read_stat(pid, &state, &start) == 0 ? start : 0;
}

int init_alive(const struct record *r) {
  char state;
  unsigned long long start;
  if (!r->has_init || read_stat(r->pid, &state, &start) < 0) return 0;
  return start == r->start_time && state != 'Z' && state != 'X';
}

int pidfd_of(const struct record *r) {
  if (!r->has_init) return -1;
  int fd = (int)syscall(SYS_pidfd_open, r->pid, 0);
  if (fd < 0) return -1;
  if (!init_alive(r)) { /* checked after the open: the pidfd names the process we checked */
    close(fd);
    return -1;
  }
  fcntl(fd, F_SETFD, FD_CLOEXEC);
  return fd;
}

enum status status_of(const struct record *r, int lock_held_elsewhere) {
  if (!r->has_init) return lock_held_elsewhere ? ST_CREATING : ST_STOPPED;
  if (!init_alive(r)) return ST_STOPPED;
  if (cgroup_is_frozen(r)) return ST_PAUSED; /* before created, as runc */
  char fifo[4200];
  snprintf(fifo, sizeof(fifo), "%s/exec.fifo", r->dir);
  return access(fifo, F_OK) == 0 ? ST_CREATED : ST_RUNNING;
}

/* The OCI state, with runc's additions (rootfs, created, owner); malloc'ed. */
char *state_json(const struct record *r, enum status s) {
  int pid = s == ST_STOPPED ? 0 : (int)r->pid;
  char *out = NULL;
  if (asprintf(&out,
               "{\"ociVersion\":%s,\"id\":%s,\"pid\":%d,\"status\":\"%s\",\"bundle\":%s,\"rootfs\":%s,"
               "\"created\":%s,\"owner\":\"\"%s%s}",
               r->oci_version, r->id_json, pid, status_name(s), r->bundle_json, r->rootfs_json, r->created_json,
               r->annotations_json ? ",\"annotations\":" : "", r->annotations_json ? r->annotations_json : "") < 0)
    fail("out of memory");
  return out;
}
