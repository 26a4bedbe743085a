/* Read-only, recursively: a bind of a tree that holds other mounts must not
 * leave those writable. mount_setattr(AT_RECURSIVE) does it in one call
 * (Linux 5.12+); before that, each mount at or below the target is remounted
 * read-only, found in /proc/self/mountinfo. The tree is also made private:
 * a writable mount the host makes there later must not show up inside (the
 * choice Kubernetes makes for recursive read-only mounts). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "stub.h"

#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442 /* the same on every architecture (unified table) */
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#define ATTR_RDONLY 0x00000001ULL /* MOUNT_ATTR_RDONLY */

struct mount_attr_v0 {
  unsigned long long attr_set, attr_clr, propagation, userns_fd;
};

static int set_recursively(const char *target) {
#ifdef STUB_PORTABLE_FALLBACKS
  (void)target;
  errno = ENOSYS; /* exercise the fallback, as on a kernel older than 5.12 */
  return -1;
#else
  struct mount_attr_v0 attr = {ATTR_RDONLY, 0, MS_PRIVATE, 0};
  return (int)syscall(SYS_mount_setattr, AT_FDCWD, target, AT_RECURSIVE, &attr, sizeof(attr));
#endif
}

/* The flags a bind remount must repeat: it replaces them, it does not add. */
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

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape(char *s) {
  char *out = s;
  for (; *s; s++) {
    if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
      *out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
      s += 3;
    } else {
      *out++ = *s;
    }
  }
  *out = '\0';
}

static int at_or_below(const char *path, const char *top) {
  size_t n = strlen(top);
  return strncmp(path, top, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static int remount_each(const char *target) {
  if (mount(NULL, target, NULL, MS_REC | MS_PRIVATE, NULL) < 0) return -1;
  FILE *table = fopen("/proc/self/mountinfo", "re");
  if (!table) return -1;
  char *line = NULL;
  size_t cap = 0;
  int result = 0;
  while (result == 0 && getline(&line, &cap, table) > 0) {
    /* fields: id parent major:minor root mount-point ... */
    char *point = line;
    for (int field = 0; field < 4 && point; field++) {
      point = strchr(point, ' ');
      if (point) point++;
    }
    if (!point) continue;
    point[strcspn(point, " ")] = '\0';
    unescape(point);
    if (!at_or_below(point, target)) continue;
    result = mount(NULL, point, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | kept_flags(point), NULL);
  }
  free(line);
  fclose(table);
  return result;
}

int make_read_only(const char *target) {
  if (set_recursively(target) == 0) return 0;
  if (errno != ENOSYS) return -1;
  return remount_each(target);
}
