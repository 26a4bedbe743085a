/* --die-with-parent PID: the container does not outlive the process that
 * started the stub (Mesos: the tasks of a framework without checkpointing
 * end with the agent). The kernel sends the outer part a signal when its
 * parent dies (PR_SET_PDEATHSIG); outer reads it from its signalfd, kills
 * the container, and records the end as for any other. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
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

/* The init's death ends a pid namespace; without one, a v2 cgroup's
 * cgroup.kill ends whatever the task left. */
void die_with_parent_kill(const struct options *opts, pid_t init) {
  kill(init, SIGKILL);
  if (opts->unshare_pid || !opts->clone_cgroup) return;
  char path[4096];
  snprintf(path, sizeof(path), "%s/cgroup.kill", opts->clone_cgroup);
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return;
  if (write(fd, "1", 1) < 0) { /* nothing more we can do */ }
  close(fd);
}
