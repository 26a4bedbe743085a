/* Device nodes in the rootfs: the config's and the defaults Node adds
 * (null, zero, full, random, urandom, tty). In a user namespace mknod is not
 * allowed: the host's node is bound instead, as runc does. An existing
 * non-directory entry is replaced: an image's /dev/null must not be a file. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "init.h"

static int plan_has_ns(const struct plan *p, int type) {
  for (int i = 0; i < p->n_ns; i++)
    if (p->ns[i].type == type) return 1;
  return 0;
}

int plan_has_user_ns(const struct plan *p) {
  return plan_has_ns(p, CLONE_NEWUSER);
}

int plan_has_mount_ns(const struct plan *p) {
  return plan_has_ns(p, CLONE_NEWNS);
}

static void bind_host_node(int rootfd, const struct device_plan *d, int rfd) {
  int src = open(d->path, O_PATH | O_CLOEXEC);
  if (src < 0) child_fail(rfd, errno, "cannot bind the host's device %s (a user namespace cannot mknod)", d->path);
  int target = make_target(rootfd, d->path, 1);
  if (target < 0) child_fail(rfd, errno, "cannot make %s in the rootfs", d->path);
  char from[64], to[64];
  if (mount(fd_path(src, from, sizeof(from)), fd_path(target, to, sizeof(to)), NULL, MS_BIND, NULL) < 0)
    child_fail(rfd, errno, "cannot bind the host's device %s", d->path);
  close(src);
  close(target);
}

static void make_node(int rootfd, const struct device_plan *d, int rfd) {
  char dir[4096];
  snprintf(dir, sizeof(dir), "%s", d->path);
  char *slash = strrchr(dir, '/');
  if (!slash || !slash[1]) child_fail(rfd, EINVAL, "bad device path %s", d->path);
  *slash = '\0';
  const char *name = slash + 1;
  int parent = make_target(rootfd, dir[0] ? dir : "/", 0);
  if (parent < 0) child_fail(rfd, errno, "cannot make %s in the rootfs", dir);
  mode_t type = d->type == 'b' ? S_IFBLK : d->type == 'p' ? S_IFIFO : S_IFCHR;
  if (unlinkat(parent, name, 0) < 0 && errno != ENOENT && errno != EISDIR)
    child_fail(rfd, errno, "cannot replace %s", d->path);
  if (mknodat(parent, name, type | (d->mode & 07777), makedev(d->major, d->minor)) < 0)
    child_fail(rfd, errno, "cannot create the device %s", d->path);
  if (fchownat(parent, name, d->uid, d->gid, AT_SYMLINK_NOFOLLOW) < 0)
    child_fail(rfd, errno, "cannot give the device %s to %u:%u", d->path, d->uid, d->gid);
  close(parent);
}

void create_devices(const struct plan *p, int rootfd, int rfd) {
  int in_user_ns = plan_has_user_ns(p);
  for (int i = 0; i < p->n_devices; i++) {
    if (in_user_ns) bind_host_node(rootfd, &p->devices[i], rfd);
    else make_node(rootfd, &p->devices[i], rfd);
  }
}
