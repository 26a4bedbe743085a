/* Mounts made by init inside its own mount namespace, with mount(2): never a
 * shell, so a path with spaces, quotes or $(...) is just a path. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mount.h>
#include <unistd.h>

#include "stub.h"

/* Bind sources are host paths. They are opened (O_PATH) before the first
 * mount, so that a volume mounted over a parent (a /tmp volume over a work dir
 * under /tmp) cannot hide them, and a symlink swapped in later cannot redirect
 * them: the mount is made from /proc/self/fd/N. */
int open_mount_sources(const struct options *opts, int report_fd) {
  for (int i = 0; i < opts->n_mounts; i++) {
    struct mount_op *m = &opts->mounts[i];
    if (m->kind == MOUNT_PROC) continue;
    m->source_fd = open(m->source, O_PATH | O_CLOEXEC);
    if (m->source_fd < 0) {
      report_error(report_fd, "mount", errno, EXIT_STUB_FAILED, "cannot bind-mount '%s' on '%s'", m->source, m->target);
      return -1;
    }
  }
  return 0;
}

/* Before the first mount: slave propagation (as runc and bubblewrap do).
 * Nothing mounted inside propagates to the host; what the host mounts or
 * unmounts later under a shared mount still reaches the container, so a
 * container neither misses new host mounts nor pins unmounted ones. */
int make_mounts_slave(int report_fd) {
  if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) == 0) return 0;
  report_error(report_fd, "mount", errno, EXIT_STUB_FAILED, "cannot make mount propagation slave");
  return -1;
}

void close_mount_sources(const struct options *opts) {
  for (int i = 0; i < opts->n_mounts; i++) {
    struct mount_op *m = &opts->mounts[i];
    if (m->source_fd >= 0) close(m->source_fd);
    m->source_fd = -1;
  }
}

static int apply_one(const struct mount_op *m, int report_fd) {
  switch (m->kind) {
    case MOUNT_PROC:
      if (mount("proc", m->target, "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) == 0) return 0;
      report_error(report_fd, "mount", errno, EXIT_STUB_FAILED, "cannot mount proc on '%s'", m->target);
      return -1;
    case MOUNT_BIND:
    case MOUNT_RO_BIND: {
      char source[64];
      snprintf(source, sizeof(source), "/proc/self/fd/%d", m->source_fd);
      if (mount(source, m->target, NULL, MS_BIND | MS_REC, NULL) < 0) {
        report_error(report_fd, "mount", errno, EXIT_STUB_FAILED, "cannot bind-mount '%s' on '%s'", m->source,
                     m->target);
        return -1;
      }
      if (m->kind == MOUNT_BIND || make_read_only(m->target) == 0) return 0;
      report_error(report_fd, "mount", errno, EXIT_STUB_FAILED, "cannot make '%s' read-only", m->target);
      return -1;
    }
  }
  return -1;
}

int apply_mounts(const struct options *opts, int report_fd) {
  for (int i = 0; i < opts->n_mounts; i++)
    if (apply_one(&opts->mounts[i], report_fd) < 0) return -1;
  return 0;
}
