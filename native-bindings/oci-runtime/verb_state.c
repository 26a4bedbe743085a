/* state ID: the OCI state, from what can be verified now (status.c). */
#include <stdio.h>
#include <stdlib.h>

#include "oci.h"

int verb_state(const struct call *c) {
  struct flag flags[] = {{"help", 'h', 0, NULL, NULL}};
  const char *id = container_id_arg(c, flags, 0);
  struct record r;
  load_or_fail(c, id, &r);
  enum status st = status_of(&r, !r.has_init && lock_is_held(r.dir));
  char *json = state_json(&r, st);
  printf("%s\n", json);
  free(json);
  return 0;
}
