/* Once the task runs, the container's init shows a short command line in ps
 * instead of the stub's long one: it overwrites its own argument area, which
 * is what /proc/<pid>/cmdline reads. The task has its own copy (fork). */
#include <string.h>

#include "stub.h"

static char *area_start;
static size_t area_length;

void title_remember(int argc, char **argv) {
  if (argc < 1) return;
  area_start = argv[0];
  area_length = (size_t)(argv[argc - 1] + strlen(argv[argc - 1]) - argv[0]);
}

void title_set(const char *title) {
  if (!area_start) return;
  size_t n = strlen(title);
  if (n > area_length) n = area_length;
  memset(area_start, 0, area_length);
  memcpy(area_start, title, n);
}
