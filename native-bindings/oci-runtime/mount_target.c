/* Paths inside the rootfs are the image's: a symlink there may point
 * anywhere ("/etc" -> "/../../host/etc", "/proc/1/root/..."). Every path of
 * the container is resolved with openat2(RESOLVE_IN_ROOT), so that it stays
 * inside the rootfs whatever its links say, and no /proc magic link is
 * followed; mounts are then made onto /proc/self/fd/N, the exact place that
 * was resolved (runc and crun do the same). Missing mount points are made,
 * one component at a time, each step resolved the same way. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init.h"

#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_IN_ROOT 0x10

struct open_how_v0 {
  unsigned long long flags, mode, resolve;
};

static const char *relative(const char *path) {
  while (*path == '/') path++;
  return *path ? path : ".";
}

int open_in_root(int rootfd, const char *path, int flags) {
  struct open_how_v0 how = {(unsigned long long)(flags | O_CLOEXEC), 0, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
  int fd;
  do fd = (int)syscall(SYS_openat2, rootfd, relative(path), &how, sizeof(how));
  while (fd < 0 && errno == EAGAIN); /* a rename elsewhere raced the lookup */
  return fd;
}

/* Makes the last component of prefix (a directory, or an empty file). */
static int make_component(int rootfd, char *prefix, int as_file) {
  char *slash = strrchr(prefix, '/');
  const char *name = slash ? slash + 1 : prefix;
  int parent;
  if (slash) {
    *slash = '\0';
    parent = open_in_root(rootfd, prefix[0] ? prefix : "/", O_PATH | O_DIRECTORY);
    *slash = '/';
  } else {
    parent = dup(rootfd);
  }
  if (parent < 0) return -1;
  int rc;
  if (as_file) {
    rc = openat(parent, name, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, 0644);
    if (rc >= 0) rc = close(rc);
  } else {
    rc = mkdirat(parent, name, 0755);
  }
  int err = errno;
  close(parent);
  if (rc < 0 && err == EEXIST) return 0; /* someone made it meanwhile: the next lookup decides */
  errno = err;
  return rc;
}

/* An O_PATH fd of path inside the rootfs, made first if missing. */
int make_target(int rootfd, const char *path, int as_file) {
  int fd = open_in_root(rootfd, path, O_PATH);
  if (fd >= 0 || errno != ENOENT) return fd;
  char buf[4096];
  if (snprintf(buf, sizeof(buf), "%s", relative(path)) >= (int)sizeof(buf)) {
    errno = ENAMETOOLONG;
    return -1;
  }
  size_t len = strlen(buf);
  for (size_t i = 0; i <= len; i++) {
    if (buf[i] != '/' && buf[i] != '\0') continue;
    char saved = buf[i];
    buf[i] = '\0';
    int last = saved == '\0';
    int probe = open_in_root(rootfd, buf, O_PATH);
    if (probe >= 0) {
      close(probe);
    } else if (errno != ENOENT || make_component(rootfd, buf, last && as_file) < 0) {
      return -1;
    }
    buf[i] = saved;
  }
  return open_in_root(rootfd, path, O_PATH);
}

/* "/proc/self/fd/N" for an fd, the way mount(2) is pointed at it. */
const char *fd_path(int fd, char *buf, size_t size) {
  snprintf(buf, size, "/proc/self/fd/%d", fd);
  return buf;
}
