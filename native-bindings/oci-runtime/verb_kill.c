/* kill [--all] ID [SIGNAL]: the init through a pidfd (a reused pid is never
 * hit), or with --all every process in the container's cgroup. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "oci.h"

#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

int verb_kill(const struct call *c) {
  int all = 0;
  const char *signal_flag = NULL;
  struct flag flags[] = {{"all", 'a', 0, NULL, &all}, {"signal", 's', 1, &signal_flag, NULL}};
  const char *pos[2] = {NULL, NULL};
  int n = parse_verb_args(c, flags, 2, pos, 2);
  if (n < 1) fail("kill: the container id is missing");
  validate_id(pos[0]);
  const char *text = n == 2 ? pos[1] : signal_flag ? signal_flag : "SIGTERM";
  int sig = parse_signal(text);
  if (sig < 0) fail("kill: unknown signal '%s'", text);

  struct record r;
  int lock = lock_and_load(c, pos[0], &r);
  enum status st = status_of(&r, 0);
  if (all && (st != ST_STOPPED || cgroup_has_processes(&r))) {
    cgroup_signal_all(&r, sig);
  } else {
    int pidfd = st == ST_STOPPED || st == ST_CREATING ? -1 : pidfd_of(&r);
    if (pidfd < 0 || syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0) {
      if (pidfd >= 0 && errno != ESRCH) fail("cannot signal container %s: %s", pos[0], strerror(errno));
      fail("container not running");
    }
    close(pidfd);
  }
  close(lock);
  return 0;
}
