/* pause ID / resume ID: freeze and thaw the container's cgroup. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "oci.h"

int verb_pause(const struct call *c, int pause) {
  struct flag flags[] = {{"help", 'h', 0, NULL, NULL}};
  const char *id = container_id_arg(c, flags, 0);
  struct record r;
  int lock = lock_and_load(c, id, &r);
  enum status st = status_of(&r, 0);
  if (pause && st != ST_RUNNING && st != ST_CREATED) fail("container not running");
  if (!pause && st != ST_PAUSED) fail("container not paused");
  if (cgroup_freeze(&r, pause) < 0)
    fail("cannot %s container %s: %s", pause ? "freeze" : "thaw", id, errno == ENOTSUP ? "it has no freezer cgroup" : strerror(errno));
  close(lock);
  return 0;
}
