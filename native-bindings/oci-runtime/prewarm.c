/* Joining a cgroup by writing cgroup.procs takes the kernel's global
 * cgroup_threadgroup_rwsem for writing, and the first writer after a quiet
 * spell waits for an RCU grace period: 5-20 ms on this kind of machine, on
 * create's critical path (the init must be in its cgroups before create
 * returns). Writers that follow within the grace period's window do not
 * wait. So create starts a helper at once that moves itself into the root
 * of a cgroup hierarchy every 2 ms: the wait happens while Node starts, in
 * parallel, and the middle's joins find the lock warm. The helper is gone
 * before create returns. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "oci.h"

#ifndef SYS_close_range
#define SYS_close_range 436
#endif

/* cgroup.procs at the root of the first cgroup hierarchy mounted. */
static int root_procs_path(char *out, size_t size) {
  FILE *f = fopen("/proc/self/mountinfo", "re");
  if (!f) return -1;
  char line[4096];
  int found = -1;
  while (found < 0 && fgets(line, sizeof(line), f)) {
    char *sep = strstr(line, " - ");
    if (!sep || (strncmp(sep + 3, "cgroup ", 7) != 0 && strncmp(sep + 3, "cgroup2 ", 8) != 0)) continue;
    char *point = line;
    for (int field = 0; field < 4 && point; field++) point = strchr(point, ' ') ? strchr(point, ' ') + 1 : NULL;
    if (!point) continue;
    point[strcspn(point, " ")] = '\0';
    if (strchr(point, '\\')) continue; /* escaped: not worth unescaping for this */
    snprintf(out, size, "%s/cgroup.procs", point);
    found = 0;
  }
  fclose(f);
  return found;
}

static pid_t helper = -1;
static int stop_fd = -1;

/* Starts the helper; without one, create just waits longer. */
void prewarm_start(void) {
  char path[4200];
  int p[2];
  if (root_procs_path(path, sizeof(path)) < 0 || pipe2(p, O_CLOEXEC) < 0) return;
  pid_t pid = fork();
  if (pid < 0) {
    close(p[0]);
    close(p[1]);
    return;
  }
  if (pid == 0) {
    /* nothing of the caller's: not its stdio, not the container's lock */
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    for (int fd = 0; fd < 3 && null >= 0; fd++) dup2(null, fd);
    if (p[0] != 3) {
      dup2(p[0], 3);
      p[0] = 3;
    }
    syscall(SYS_close_range, 4, ~0U, 0);
    for (int round = 0; round < 250; round++) { /* at most ~0.5 s */
      int fd = open(path, O_WRONLY | O_CLOEXEC);
      if (fd < 0 || write(fd, "0", 1) != 1) _exit(0);
      close(fd);
      struct pollfd stop = {p[0], POLLIN, 0};
      if (poll(&stop, 1, 2) != 0) _exit(0);
    }
    _exit(0);
  }
  close(p[0]);
  helper = pid;
  stop_fd = p[1];
}

void prewarm_stop(void) {
  if (helper <= 0) return;
  close(stop_fd);
  while (waitpid(helper, NULL, 0) < 0 && errno == EINTR) continue;
  helper = -1;
}
