/* maskedPaths and readonlyPaths, resolved inside the rootfs like every
 * other container path. A masked directory gets an empty read-only tmpfs,
 * a masked file /dev/null; a read-only path is bound onto itself and
 * remounted read-only. A path the image does not have is skipped (runc). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init.h"

unsigned long kept_mount_flags(const char *path);

static void mask(int rootfd, const char *path, int null_fd, int rfd) {
  int fd = open_in_root(rootfd, path, O_PATH);
  if (fd < 0) {
    if (errno == ENOENT) return;
    child_fail(rfd, errno, "cannot mask %s", path);
  }
  struct stat st;
  char target[64], source[64];
  fd_path(fd, target, sizeof(target));
  int rc = fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)
               ? mount("tmpfs", target, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0")
               : mount(fd_path(null_fd, source, sizeof(source)), target, NULL, MS_BIND, NULL);
  if (rc < 0) child_fail(rfd, errno, "cannot mask %s", path);
  close(fd);
}

static void protect(int rootfd, const char *path, int rfd) {
  int fd = open_in_root(rootfd, path, O_PATH);
  if (fd < 0) {
    if (errno == ENOENT) return;
    child_fail(rfd, errno, "cannot make %s read-only", path);
  }
  char target[64];
  fd_path(fd, target, sizeof(target));
  if (mount(target, target, NULL, MS_BIND | MS_REC, NULL) < 0) child_fail(rfd, errno, "cannot make %s read-only", path);
  close(fd);
  fd = open_in_root(rootfd, path, O_PATH); /* the bind just made, not what it covers */
  if (fd < 0) child_fail(rfd, errno, "cannot make %s read-only", path);
  fd_path(fd, target, sizeof(target));
  if (mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | kept_mount_flags(target), NULL) < 0)
    child_fail(rfd, errno, "cannot make %s read-only", path);
  close(fd);
}

void mask_and_protect_paths(const struct plan *p, int rootfd, int rfd) {
  for (int i = 0; i < p->readonly.n; i++) protect(rootfd, p->readonly.v[i], rfd);
  if (p->masked.n == 0) return;
  int null_fd = open("/dev/null", O_PATH | O_CLOEXEC); /* the host's, before pivot_root */
  if (null_fd < 0) child_fail(rfd, errno, "cannot open /dev/null");
  for (int i = 0; i < p->masked.n; i++) mask(rootfd, p->masked.v[i], null_fd, rfd);
  close(null_fd);
}
