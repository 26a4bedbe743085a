/* The per-container lock: flock on the container's directory, as the
 * containerizer's lifecycle code takes it, so create, start, kill, delete,
 * exec and update of one id never overlap (the shim can send kill during
 * ps or exec). The kernel drops it when its holder dies. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oci.h"

static void on_alarm(int sig) {
  (void)sig; /* only interrupts flock */
}

int lock_container(const char *dir, int wait_seconds) {
  for (;;) {
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -1;
    struct sigaction sa, old;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, &old);
    alarm((unsigned)wait_seconds);
    int rc = flock(fd, LOCK_EX);
    int err = errno;
    alarm(0);
    sigaction(SIGALRM, &old, NULL);
    if (rc < 0) {
      close(fd);
      errno = err == EINTR ? EWOULDBLOCK : err;
      return -1;
    }
    /* delete may have removed (and a create re-made) the directory meanwhile */
    struct stat held, now;
    if (fstat(fd, &held) == 0 && stat(dir, &now) == 0 && held.st_ino == now.st_ino) return fd;
    close(fd);
    if (stat(dir, &now) < 0) {
      errno = ENOENT;
      return -1;
    }
  }
}

int lock_is_held(const char *dir) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return 0;
  int held = flock(fd, LOCK_EX | LOCK_NB) < 0 && errno == EWOULDBLOCK;
  close(fd); /* releases it if we got it */
  return held;
}
