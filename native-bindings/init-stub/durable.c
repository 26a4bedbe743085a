/* Records other processes read (termination.json, limitation.json, and in a
 * handed-over launch state.json) are written durably: a temporary file,
 * fsync, renamed over the final name, fsync of the directory. A crash or a
 * power cut leaves the old record or the whole new one, never half. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/types.h>
#include <unistd.h>

#include "stub.h"

int write_durably(int dir_fd, const char *name, const char *content, size_t length, mode_t mode) {
  char tmp[320];
  snprintf(tmp, sizeof(tmp), ".%s.tmp", name);
  int fd = openat(dir_fd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return -1;
  int ok = write_all(fd, content, length) == 0 && fsync(fd) == 0;
  int err = errno;
  close(fd);
  ok = ok && renameat(dir_fd, tmp, dir_fd, name) == 0;
  if (!ok) err = errno ? errno : err;
  if (ok && fsync(dir_fd) < 0) ok = 0, err = errno;
  if (!ok) {
    unlinkat(dir_fd, tmp, 0);
    errno = err;
    return -1;
  }
  return 0;
}
