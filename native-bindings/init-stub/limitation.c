/* The memory limitation, seen by the outer process: first recorded in the
 * run directory (limitation.json, next to the --exit-file), durably, then
 * the container is ended. In that order, so that whoever sees the container
 * end also finds why. The record is exactly what the containerizer reads
 * (RunDirectory.readLimitation) and the message exactly what
 * memoryLimitation() in src/isolators/cgroups/mem.ts composes. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stub.h"

#define RECORD_NAME "limitation.json"
#define UNLIMITED_ABOVE (1ULL << 53) /* v1's "no limit" is ~2^63; nobody sets 8 PiB */

/* A control file holding a byte count; 0 with *ok unset when it holds none. */
static unsigned long long read_bytes(const char *name, int *ok) {
  char text[64];
  *ok = 0;
  if (oom_read_control(name, text, sizeof(text)) < 0) return 0;
  text[strcspn(text, "\n")] = '\0';
  if (text[0] == '\0' || strspn(text, "0123456789") != strlen(text)) return 0;
  *ok = 1;
  return strtoull(text, NULL, 10);
}

/* Math.round(bytes / MiB), as the TypeScript side rounds. */
static unsigned long long megabytes(unsigned long long bytes) { return (bytes + (1ULL << 19)) >> 20; }

static void compose_message(char *out, size_t size) {
  int v1 = oom_cgroup_version() == 1, has_limit, has_peak;
  unsigned long long limit = read_bytes(v1 ? "memory.limit_in_bytes" : "memory.max", &has_limit);
  unsigned long long peak = read_bytes(v1 ? "memory.max_usage_in_bytes" : "memory.peak", &has_peak);
  char requested[64] = "no limit set", used[64] = "";
  if (has_limit && limit <= UNLIMITED_ABOVE) snprintf(requested, sizeof(requested), "requested %llu MB", megabytes(limit));
  if (has_peak) snprintf(used, sizeof(used), ", maximum used %llu MB", megabytes(peak));
  snprintf(out, size, "Memory limit exceeded: %s%s; the kernel killed a process of the container (out of memory)", requested,
           used);
}

/* Next to the exit file, durably: a crash leaves no record or the whole one. */
static int record(const char *exit_file, const char *content, size_t length) {
  char copy[4096];
  snprintf(copy, sizeof(copy), "%s", exit_file);
  int dir = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return -1;
  int result = write_durably(dir, RECORD_NAME, content, length, 0644);
  int err = errno;
  close(dir);
  errno = err;
  return result;
}

/* What the foreground launch says when it ends for this (hand_over.c). */
static char reached[512];

const char *limitation_message(void) { return reached[0] ? reached : NULL; }

void memory_limit_reached(const struct options *opts, pid_t init) {
  if (opts->exit_file) {
    char message[512], record_text[1024];
    compose_message(message, sizeof(message));
    snprintf(reached, sizeof(reached), "%s", message);
    size_t n = (size_t)snprintf(record_text, sizeof(record_text), "{\"resource\":\"mem\",\"message\":");
    n += json_escape(record_text + n, sizeof(record_text) - n - 3, message);
    memcpy(record_text + n, "}\n", 3);
    /* Not recorded (a full disk): the container still ends; the containerizer
     * reads the same count from the cgroup, which is kept, when it cleans up. */
    if (record(opts->exit_file, record_text, n + 2) < 0)
      dprintf(STDERR_FILENO, STUB_NAME ": cannot record the memory limitation next to '%s': %s\n", opts->exit_file,
              strerror(errno));
  }
  kill_container(opts, init);
}
