/* The termination record in the run directory, so that a process other than
 * our caller (another CLI, a restarted agent) learns how the container ended.
 * Written durably (durable.c). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "stub.h"

static int dir_fd = -1;
static char base[256];

void exit_file_prepare(const char *path) {
  char copy[4096];
  snprintf(copy, sizeof(copy), "%s", path);
  snprintf(base, sizeof(base), "%s", basename(copy));
  snprintf(copy, sizeof(copy), "%s", path);
  /* O_RDONLY, not O_PATH: fsync needs a readable descriptor. */
  dir_fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) die(EXIT_STUB_FAILED, "exit-file", errno, "cannot open the directory of '%s'", path);
}

/* In the container's init: the record is the outer process's to write. */
void exit_file_forget(void) {
  if (dir_fd >= 0) close(dir_fd);
  dir_fd = -1;
}

void exit_file_write(int exit_code, int signal, const struct report *error) {
  if (dir_fd < 0) return;
  char buf[8192];
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  long long ms = (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;

  int n;
  if (signal > 0)
    n = snprintf(buf, sizeof(buf), "{\"exit_code\":null,\"signal\":%d,\"finished_at\":%lld", signal, ms);
  else
    n = snprintf(buf, sizeof(buf), "{\"exit_code\":%d,\"signal\":null,\"finished_at\":%lld", exit_code, ms);
  size_t used = (size_t)n;
  if (error) {
    used += (size_t)snprintf(buf + used, sizeof(buf) - used, ",\"error\":{\"stage\":\"%s\",\"errno\":%d,\"message\":",
                             error->stage, error->error);
    used += json_escape(buf + used, sizeof(buf) - used - 4, error->text);
    buf[used++] = '}';
  }
  buf[used++] = '}';
  buf[used++] = '\n';
  write_durably(dir_fd, base, buf, used, 0644);
}
