/* Finding a container for a verb: its records, or the error texts the shim
 * matches ("does not exist"). */
#include <errno.h>
#include <string.h>

#include "oci.h"

void load_or_fail(const struct call *c, const char *id, struct record *r) {
  if (record_load(c->root, id, r) < 0) fail("container %s does not exist", id);
}

/* Locks the container, then (re)reads its records under the lock. */
int lock_and_load(const struct call *c, const char *id, struct record *r) {
  char dir[4200];
  record_path(dir, sizeof(dir), c->root, id, NULL);
  int fd = lock_container(dir, 30);
  if (fd < 0 && errno == ENOENT) fail("container %s does not exist", id);
  if (fd < 0 && errno == EWOULDBLOCK) fail("container %s is busy: another call holds its lock", id);
  if (fd < 0) fail("cannot lock container %s (%s): %s", id, dir, strerror(errno));
  load_or_fail(c, id, r);
  return fd;
}
