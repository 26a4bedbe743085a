/* What delete does, and create when it fails after the init exists: kill,
 * wait until nothing of the container runs, remove its cgroups, run the
 * poststop hooks, forget its records. A step that fails leaves the records,
 * so that the next delete can finish. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "oci.h"

#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void kill_init(const struct record *r) {
  int pidfd = pidfd_of(r);
  if (pidfd < 0) return;
  syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
  if (cgroup_is_frozen(r)) cgroup_freeze(r, 0); /* a frozen init dies only once thawed */
  struct pollfd p = {pidfd, POLLIN, 0};
  while (poll(&p, 1, 10000) < 0 && errno == EINTR) continue;
  close(pidfd);
}

/* Without a pid namespace of its own, the container's other processes
 * outlive its init: they are killed through the cgroup. */
static int kill_the_rest(const struct record *r) {
  long long deadline = now_ms() + 10000;
  while (cgroup_has_processes(r)) {
    if (now_ms() > deadline) return -1;
    cgroup_signal_all(r, SIGKILL);
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
  }
  return 0;
}

int destroy_container(struct record *r, enum status st) {
  if (st == ST_CREATED || st == ST_RUNNING || st == ST_PAUSED) kill_init(r);
  if (kill_the_rest(r) < 0) fail("cannot delete container: processes of its cgroup %s did not die within 10 s", r->procs_cgroup);
  if (cgroup_remove_all(r->cgroups, r->n_cgroups, 5000) < 0)
    fail("cannot delete container: cannot remove its cgroups: %s", strerror(errno));
  if (r->has_state) run_recorded_hooks(r, "poststop", ST_STOPPED, 0);
  if (remove_tree(r->dir) < 0) fail("cannot remove %s: %s", r->dir, strerror(errno));
  return 0;
}
