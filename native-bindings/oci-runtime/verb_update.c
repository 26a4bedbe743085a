/* update [--resources F|-] [runc's resource flags] ID: Node reads the
 * LinuxResources and writes them to the container's cgroups. */
#include "oci.h"

int verb_update(const struct call *c) {
  const char *args[64] = {"update", "--"};
  int n = 2;
  for (int i = 0; i < c->argc && n < 63; i++) args[n++] = c->argv[i];
  args[n] = NULL;
  return run_node(c, args, NULL);
}
