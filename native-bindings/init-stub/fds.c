/* File descriptors: the task inherits 0, 1 and 2 and nothing else, and the
 * container's init keeps only what it still needs. close_range(2) does it in
 * one call (Linux 5.9+); older kernels, and builds without the number, walk
 * /proc/self/fd. */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "stub.h"

#ifndef SYS_close_range
#define SYS_close_range 436 /* the same on every architecture (unified table) */
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

static int close_range_call(unsigned first, unsigned last, unsigned flags) {
#ifdef STUB_PORTABLE_FALLBACKS
  (void)first, (void)last, (void)flags;
  return -1; /* exercise the fallback, as on a kernel older than 5.9 */
#else
  return (int)syscall(SYS_close_range, first, last, flags);
#endif
}

static int kept(int fd, const int *keep, int n_keep) {
  for (int i = 0; i < n_keep; i++)
    if (keep[i] == fd) return 1;
  return 0;
}

/* Calls act(fd) for each open fd >= 3 not in keep, without close_range. */
static void walk_fds(const int *keep, int n_keep, int cloexec) {
  DIR *dir = opendir("/proc/self/fd");
  if (dir) {
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
      int fd = atoi(entry->d_name);
      if (fd < 3 || fd == dirfd(dir) || kept(fd, keep, n_keep)) continue;
      if (cloexec) fcntl(fd, F_SETFD, FD_CLOEXEC);
      else close(fd);
    }
    closedir(dir);
    return;
  }
  long max = sysconf(_SC_OPEN_MAX); /* no /proc: every possible number */
  if (max < 0 || max > 1 << 20) max = 1 << 20;
  for (int fd = 3; fd < max; fd++) {
    if (kept(fd, keep, n_keep)) continue;
    if (cloexec) fcntl(fd, F_SETFD, FD_CLOEXEC);
    else close(fd);
  }
}

/* Before the task's execve: every fd above 2 closes at exec (the failure
 * pipe still reports a failed exec until then). */
void cloexec_inherited_fds(void) {
  if (close_range_call(3, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
  walk_fds(NULL, 0, 1);
}

static int compare_ints(const void *a, const void *b) {
  return *(const int *)a - *(const int *)b;
}

/* Closes every fd above 2 but those in keep (at most 8). */
void close_fds_except(const int *keep, int n_keep) {
  int sorted[8], n = 0;
  for (int i = 0; i < n_keep && n < 8; i++)
    if (keep[i] >= 3) sorted[n++] = keep[i];
  qsort(sorted, (size_t)n, sizeof(int), compare_ints);
  unsigned from = 3;
  int ok = 1;
  for (int i = 0; i <= n && ok; i++) {
    unsigned to = i < n ? (unsigned)sorted[i] : ~0U;
    if (to > from) ok = close_range_call(from, i < n ? to - 1 : ~0U, 0) == 0;
    if (i < n) from = (unsigned)sorted[i] + 1;
  }
  if (!ok) walk_fds(keep, n_keep, 0);
}
