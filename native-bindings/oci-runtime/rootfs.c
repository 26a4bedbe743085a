/* The rootfs, before pivot_root: propagation (rslave unless the config says
 * otherwise, as runc: nothing made inside reaches the host, and what the
 * host unmounts is not pinned here), the rootfs bound onto itself (a mount
 * point, as pivot_root needs), then the config's mounts in order. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init.h"

#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x00000001ULL
#endif

struct mount_attr_v0 {
  unsigned long long attr_set, attr_clr, propagation, userns_fd;
};

#define PROPAGATION (MS_SHARED | MS_SLAVE | MS_PRIVATE | MS_UNBINDABLE)

/* The flags a bind remount must repeat (it replaces them; in a user
 * namespace the locked ones must be kept or the remount is refused). */
unsigned long kept_mount_flags(const char *path) {
  struct statvfs st;
  if (statvfs(path, &st) < 0) return 0;
  unsigned long flags = 0;
  if (st.f_flag & ST_NOSUID) flags |= MS_NOSUID;
  if (st.f_flag & ST_NODEV) flags |= MS_NODEV;
  if (st.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
  if (st.f_flag & ST_NOATIME) flags |= MS_NOATIME;
  if (st.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
  if (st.f_flag & ST_RELATIME) flags |= MS_RELATIME;
  if (st.f_flag & ST_RDONLY) flags |= MS_RDONLY;
  return flags;
}

/* With shared propagation asked for, the mount holding the rootfs must
 * still not be shared, or pivot_root refuses: it is made private (in the
 * container's mount namespace only). */
static void parent_mount_private(const char *rootfs, int rfd) {
  char dir[4096];
  snprintf(dir, sizeof(dir), "%s", rootfs);
  for (;;) {
    char *end = strrchr(dir, '/');
    if (!end) return;
    if (end == dir) end[1] = '\0';
    else *end = '\0';
    if (mount(NULL, dir, NULL, MS_PRIVATE, NULL) == 0) return;
    if (errno != EINVAL) child_fail(rfd, errno, "cannot make the mount above the rootfs private");
    if (strcmp(dir, "/") == 0) return; /* EINVAL: not a mount point, go up */
  }
}

static int as_file_target(const struct mount_plan *m, int src_fd) {
  struct stat st;
  return (m->flags & MS_BIND) && src_fd >= 0 && fstat(src_fd, &st) == 0 && !S_ISDIR(st.st_mode);
}

static void remount_bind(int rootfd, const struct mount_plan *m, int rfd) {
  char path[64];
  int fd = open_in_root(rootfd, m->target, O_PATH);
  if (fd < 0) child_fail(rfd, errno, "cannot find mount %s again", m->target);
  fd_path(fd, path, sizeof(path));
  unsigned long flags = (m->flags & ~(MS_REC | PROPAGATION)) | MS_BIND | MS_REMOUNT | (kept_mount_flags(path) & ~MS_RDONLY);
  if (mount(NULL, path, NULL, flags, NULL) < 0) child_fail(rfd, errno, "cannot remount %s with its options", m->target);
  close(fd);
}

static void finish_mount(int rootfd, const struct mount_plan *m, int rfd) {
  char path[64];
  int fd = open_in_root(rootfd, m->target, O_PATH);
  if (fd < 0) child_fail(rfd, errno, "cannot find mount %s again", m->target);
  fd_path(fd, path, sizeof(path));
  if (m->recursive_readonly) {
    struct mount_attr_v0 attr = {MOUNT_ATTR_RDONLY, 0, 0, 0};
    if (syscall(SYS_mount_setattr, fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof(attr)) < 0)
      child_fail(rfd, errno, "cannot make %s recursively read-only", m->target);
  }
  if (m->propagation && mount(NULL, path, NULL, m->propagation, NULL) < 0)
    child_fail(rfd, errno, "cannot set the propagation of %s", m->target);
  close(fd);
}

static void mount_one(int rootfd, const struct mount_plan *m, int rfd) {
  int bind = (m->flags & MS_BIND) != 0;
  int src_fd = -1;
  if (bind && (src_fd = open(m->source, O_PATH | O_CLOEXEC)) < 0)
    child_fail(rfd, errno, "cannot bind-mount %s on %s: the source", m->source, m->target);
  int target = make_target(rootfd, m->target, as_file_target(m, src_fd));
  if (target < 0) child_fail(rfd, errno, "cannot make the mount point %s in the rootfs", m->target);
  char src[64], dst[64];
  fd_path(target, dst, sizeof(dst));
  int rc;
  if (bind) {
    rc = mount(fd_path(src_fd, src, sizeof(src)), dst, NULL, MS_BIND | (m->flags & MS_REC), NULL);
  } else {
    const char *data = m->data[0] ? m->data : NULL;
    rc = mount(m->source[0] ? m->source : m->type, dst, m->type, m->flags & ~PROPAGATION, data);
  }
  if (rc < 0) child_fail(rfd, errno, "cannot mount %s on %s (type %s)", m->source, m->target, bind ? "bind" : m->type);
  close(target);
  if (src_fd >= 0) close(src_fd);
  /* a bind takes its other options only from a remount */
  if (bind && (m->flags & ~(MS_BIND | MS_REC | PROPAGATION))) remount_bind(rootfd, m, rfd);
  if (m->recursive_readonly || m->propagation) finish_mount(rootfd, m, rfd);
}

/* Remounts the plan asks for after the devices are made (a read-only /dev). */
static void deferred_remounts(int rootfd, const struct plan *p, int rfd) {
  for (int i = 0; i < p->n_mounts; i++) {
    const struct mount_plan *m = &p->mounts[i];
    if (!(m->flags & MS_REMOUNT)) continue;
    char path[64];
    int fd = open_in_root(rootfd, m->target, O_PATH);
    if (fd < 0) child_fail(rfd, errno, "cannot find mount %s again", m->target);
    if (mount(NULL, fd_path(fd, path, sizeof(path)), NULL, m->flags, m->data[0] ? m->data : NULL) < 0)
      child_fail(rfd, errno, "cannot remount %s", m->target);
    close(fd);
  }
}

static void make_symlinks(int rootfd, const struct plan *p, int rfd) {
  for (int i = 0; i + 1 < p->symlinks.n; i += 2) {
    const char *target = p->symlinks.v[i], *link = p->symlinks.v[i + 1];
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s", link);
    char *slash = strrchr(dir, '/');
    if (!slash) continue;
    *slash = '\0';
    int parent = make_target(rootfd, dir[0] ? dir : "/", 0);
    if (parent < 0) child_fail(rfd, errno, "cannot make %s in the rootfs", dir);
    unlinkat(parent, slash + 1, 0); /* /dev/ptmx: the devpts one replaces the node */
    if (symlinkat(target, parent, slash + 1) < 0 && errno != EEXIST)
      child_fail(rfd, errno, "cannot make the symlink %s -> %s", link, target);
    close(parent);
  }
}

void prepare_rootfs(const struct plan *p, int rfd, int *rootfd_out, int console_socket) {
  /* rootfsPropagation applies to / from the start (so that rshared keeps the
   * host's peer groups, what Kubernetes' bidirectional mounts need), but
   * unbindable only once the rootfs is bound: pivot.c sets it on the new root */
  unsigned long propagation = p->rootfs_propagation ? p->rootfs_propagation : MS_SLAVE | MS_REC;
  if (propagation & MS_UNBINDABLE) propagation = (propagation & MS_REC) | MS_PRIVATE;
  if (mount(NULL, "/", NULL, propagation, NULL) < 0) child_fail(rfd, errno, "cannot set the propagation of /");
  if (propagation & MS_SHARED) parent_mount_private(p->rootfs, rfd);
  if (mount(p->rootfs, p->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
    child_fail(rfd, errno, "cannot bind the rootfs %s onto itself", p->rootfs);
  int rootfd = open(p->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0) child_fail(rfd, errno, "cannot open the rootfs %s", p->rootfs);
  for (int i = 0; i < p->n_mounts; i++)
    if (!(p->mounts[i].flags & MS_REMOUNT)) mount_one(rootfd, &p->mounts[i], rfd);
  create_devices(p, rootfd, rfd);
  make_symlinks(rootfd, p, rfd);
  if (console_socket >= 0) setup_console(rootfd, console_socket, 1, rfd);
  apply_sysctls(p, rootfd, rfd);
  mask_and_protect_paths(p, rootfd, rfd);
  deferred_remounts(rootfd, p, rfd);
  *rootfd_out = rootfd;
}
