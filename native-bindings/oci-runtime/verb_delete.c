/* delete [--force] ID: a stopped or created container (containerd deletes
 * created ones, as runc allows); a running one only with --force. delete
 * --force of an id that does not exist is not an error. */
#include <errno.h>
#include <unistd.h>

#include "oci.h"

int verb_delete(const struct call *c) {
  int force = 0;
  struct flag flags[] = {{"force", 'f', 0, NULL, &force}};
  const char *id = container_id_arg(c, flags, 1);
  char dir[4200];
  record_path(dir, sizeof(dir), c->root, id, NULL);
  if (access(dir, F_OK) < 0 && errno == ENOENT) {
    if (force) return 0;
    fail("container %s does not exist", id);
  }
  struct record r;
  int lock = lock_and_load(c, id, &r);
  enum status st = status_of(&r, 0);
  if (!force && (st == ST_RUNNING || st == ST_PAUSED))
    fail("cannot delete container %s that is not stopped: %s", id, status_name(st));
  destroy_container(&r, st);
  close(lock);
  return 0;
}
