/* start ID: releases the init waiting on exec.fifo (it then execs the
 * user's program as the container's pid 1), and returns at once. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "oci.h"

/* The init holds exec.fifo open for reading and waits for a byte: the
 * write end opens at once while it does (ENXIO: nobody reads, it is gone).
 * Its end closes when it execs the user's program (close-on-exec) or dies:
 * we return then, so that a signal sent after `start` reaches the program,
 * not the init before the program could install its handlers (bounded:
 * startContainer hooks run in between). */
static void release(const struct record *r, const char *id) {
  char fifo[4200];
  snprintf(fifo, sizeof(fifo), "%s/exec.fifo", r->dir);
  int fd = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0 && errno == ENXIO) fail("cannot start container %s: its init has exited", id);
  if (fd < 0) fail("cannot start container %s: cannot open %s: %s", id, fifo, strerror(errno));
  if (write(fd, "0", 1) != 1) fail("cannot start container %s: cannot write to %s: %s", id, fifo, strerror(errno));
  unlink(fifo);
  struct pollfd reader_gone = {fd, 0, 0}; /* POLLERR: no reader any more */
  while (poll(&reader_gone, 1, 10000) < 0 && errno == EINTR) continue;
  close(fd);
}

int verb_start(const struct call *c) {
  struct flag flags[] = {{"help", 'h', 0, NULL, NULL}};
  const char *id = container_id_arg(c, flags, 0);
  struct record r;
  int lock = lock_and_load(c, id, &r);
  enum status st = status_of(&r, 0);
  if (st == ST_STOPPED) fail("cannot start a container that has stopped");
  if (st != ST_CREATED) fail("cannot start an already running container");
  release(&r, id);
  run_recorded_hooks(&r, "poststart", ST_RUNNING, 0);
  close(lock);
  return 0;
}
