/* Into the rootfs: pivot_root(".", ".") then the old root detached (runc's
 * way, no put_old directory), or with --no-pivot, MS_MOVE onto / and
 * chroot (for a rootfs on a ramfs, where pivot_root is refused). Then
 * rootfsPropagation on the new root, and the read-only root, if asked. */
#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init.h"

unsigned long kept_mount_flags(const char *path);

void enter_rootfs(const struct plan *p, int rfd) {
  if (chdir(p->rootfs) < 0) child_fail(rfd, errno, "cannot enter the rootfs %s", p->rootfs);
  if (p->no_pivot) {
    if (mount(p->rootfs, "/", NULL, MS_MOVE, NULL) < 0) child_fail(rfd, errno, "cannot move the rootfs onto /");
    if (chroot(".") < 0) child_fail(rfd, errno, "cannot chroot into the rootfs");
  } else {
    int old_root = open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (old_root < 0) child_fail(rfd, errno, "cannot open /");
    if (syscall(SYS_pivot_root, ".", ".") < 0) child_fail(rfd, errno, "cannot pivot_root into %s", p->rootfs);
    /* the old root is now stacked under the new one: detach it, without
     * letting the unmount propagate anywhere */
    if (fchdir(old_root) < 0) child_fail(rfd, errno, "cannot reach the old root");
    if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0) child_fail(rfd, errno, "cannot make the old root a slave");
    if (umount2(".", MNT_DETACH) < 0) child_fail(rfd, errno, "cannot detach the old root");
    close(old_root);
  }
  if (chdir("/") < 0) child_fail(rfd, errno, "cannot enter /");
  /* the new root itself had to be private for pivot_root: now the propagation asked for */
  if (p->rootfs_propagation && mount(NULL, "/", NULL, p->rootfs_propagation, NULL) < 0)
    child_fail(rfd, errno, "cannot set the propagation of the container's root");
  if (p->readonly_rootfs && mount(NULL, "/", NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | kept_mount_flags("/"), NULL) < 0)
    child_fail(rfd, errno, "cannot make the root read-only");
}
