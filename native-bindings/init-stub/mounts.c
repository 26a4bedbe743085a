/* Mounts made by init inside its own mount namespace, with mount(2): never a
 * shell, so a path with spaces, quotes or $(...) is just a path. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/statvfs.h>

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

/* Before the first mount: nothing we mount may propagate back to the host. */
int make_mounts_private(int report_fd) {
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0) return 0;
  report_error(report_fd, "mount", errno, EXIT_STUB_FAILED, "cannot make mount propagation private");
  return -1;
}

/* A read-only bind keeps the flags (nosuid, nodev, noexec...) of the mount it
 * copies: a bind remount replaces them, it does not add to them. */
static unsigned long kept_flags(const char *target) {
  struct statvfs st;
  if (statvfs(target, &st) < 0) return 0;
  unsigned long flags = 0;
  if (st.f_flag & ST_NOSUID) flags |= MS_NOSUID;
  if (st.f_flag & ST_NODEV) flags |= MS_NODEV;
  if (st.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
  if (st.f_flag & ST_NOATIME) flags |= MS_NOATIME;
  if (st.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
  if (st.f_flag & ST_RELATIME) flags |= MS_RELATIME;
  return flags;
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
      if (m->kind == MOUNT_BIND) return 0;
      if (mount(NULL, m->target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | kept_flags(m->target), NULL) == 0)
        return 0;
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
