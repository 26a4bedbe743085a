/* --die-with-parent PID: the container does not outlive the process that
 * started the stub (Mesos: the tasks of a framework without checkpointing
 * end with the agent). The kernel sends the outer part a signal when its
 * parent dies (PR_SET_PDEATHSIG); outer reads it from its signalfd, kills
 * the container (kill_container.c) and records the end as for any other. */
#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "stub.h"

int parent_death_signal(void) { return SIGRTMIN + 2; }

/* Adds the parent-death signal to the blocked set read through sfd, then
 * asks for it. Returns -1 with errno ESRCH if the parent is already gone. */
int die_with_parent_arm(int sfd, pid_t parent) {
  sigset_t add, blocked;
  sigemptyset(&add);
  sigaddset(&add, parent_death_signal());
  if (sigprocmask(SIG_BLOCK, &add, &blocked) < 0) return -1;
  sigaddset(&blocked, parent_death_signal());
  if (signalfd(sfd, &blocked, 0) < 0) return -1;
  if (prctl(PR_SET_PDEATHSIG, parent_death_signal()) < 0) return -1;
  /* It may have died before the prctl: then no signal will come. */
  if (getppid() != parent) {
    errno = ESRCH;
    return -1;
  }
  return 0;
}
