/* ps [--format table|json] ID: the host pids of the container's processes
 * (its cgroup), as containerd's shim reads them: [17999,18012]. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oci.h"

static void command_of(pid_t pid, char *out, size_t size) {
  char path[64];
  snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
  out[0] = '\0';
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ssize_t n = read(fd, out, size - 1);
  close(fd);
  if (n <= 0) return;
  for (ssize_t i = 0; i < n; i++)
    if (out[i] == '\0' || out[i] == '\n') out[i] = ' ';
  out[n] = '\0';
}

int verb_ps(const struct call *c) {
  const char *format = "table";
  struct flag flags[] = {{"format", 'f', 1, &format, NULL}};
  const char *id = container_id_arg(c, flags, 1);
  if (strcmp(format, "table") != 0 && strcmp(format, "json") != 0) fail("ps: unknown format '%s' (table or json)", format);
  struct record r;
  load_or_fail(c, id, &r);
  if (status_of(&r, 0) == ST_STOPPED && !cgroup_has_processes(&r)) fail("container not running");
  pid_t *pids;
  int n = cgroup_pids(&r, &pids);
  if (strcmp(format, "json") == 0) {
    putchar('[');
    for (int i = 0; i < n; i++) printf("%s%d", i ? "," : "", (int)pids[i]);
    printf("]\n");
  } else {
    printf("%-8s %s\n", "PID", "CMD");
    char cmd[512];
    for (int i = 0; i < n; i++) {
      command_of(pids[i], cmd, sizeof(cmd));
      printf("%-8d %s\n", (int)pids[i], cmd);
    }
  }
  free(pids);
  return 0;
}
