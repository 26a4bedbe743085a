/* Reading what the caller passed on a file descriptor, to its end. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "stub.h"

/* Everything an fd holds, to its end; NULL (errno set) on failure. */
char *read_fd(int fd, size_t *length) {
  size_t cap = 4096, used = 0;
  char *buf = malloc(cap);
  while (buf) {
    if (used == cap) {
      char *grown = cap < (16u << 20) ? realloc(buf, cap *= 2) : NULL;
      if (!grown) {
        free(buf);
        errno = E2BIG;
        return NULL;
      }
      buf = grown;
    }
    ssize_t n = read(fd, buf + used, cap - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      free(buf);
      errno = err;
      return NULL;
    }
    if (n == 0) break;
    used += (size_t)n;
  }
  *length = used;
  return buf;
}
