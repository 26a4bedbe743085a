/* Signal plumbing shared by outer and init: the signals we forward to the
 * task are blocked and read from a signalfd together with SIGCHLD. Blocked
 * (not ignored) matters for pid 1 of a namespace: the kernel drops signals to
 * it that would take the default action, but queues blocked ones. */
#include <signal.h>
#include <sys/signalfd.h>

#include "stub.h"

const int forwarded_signals[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};
const int n_forwarded_signals = sizeof(forwarded_signals) / sizeof(forwarded_signals[0]);

int block_signals_fd(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  for (int i = 0; i < n_forwarded_signals; i++) sigaddset(&set, forwarded_signals[i]);
  if (sigprocmask(SIG_BLOCK, &set, NULL) < 0) return -1;
  return signalfd(-1, &set, SFD_CLOEXEC);
}

void reset_signals_for_exec(void) {
  struct sigaction dfl = {0};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; sig++) sigaction(sig, &dfl, NULL); /* SIGKILL/SIGSTOP just fail */
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
}
