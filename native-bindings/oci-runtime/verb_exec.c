/* exec [--process F | ... COMMAND] [--detach] [--pid-file F]
 * [--console-socket S] ID: Node reads the process (process.json, or runc's
 * flags) and answers with a plan; here it runs in the init's namespaces and
 * cgroups. Detached, its pid is written and we return once it exec'ed (its
 * parent is then the shim, a subreaper); in the foreground we are its
 * subreaper, forward signals, and exit with its status. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init.h"

int connect_console_socket(const char *path);
void write_pid_file(const char *path, pid_t pid);

static int wait_in_foreground(pid_t child, int sfd) {
  for (;;) {
    struct signalfd_siginfo si;
    if (read(sfd, &si, sizeof(si)) != (ssize_t)sizeof(si)) continue;
    if (si.ssi_signo != SIGCHLD) {
      kill(child, (int)si.ssi_signo);
      continue;
    }
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
      if (pid == child) return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
  }
}

static int block_signals(void) {
  sigset_t set;
  sigemptyset(&set);
  int forwarded[] = {SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH};
  for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++) sigaddset(&set, forwarded[i]);
  sigprocmask(SIG_BLOCK, &set, NULL);
  return signalfd(-1, &set, SFD_CLOEXEC);
}

/* On a failure: nothing of ours outlives the call. */
static void exec_cleanup(void) {
  prewarm_stop();
  node_reap();
}

int verb_exec(const struct call *c) {
  const char *args[64] = {"plan-exec", "--"};
  int n = 2;
  for (int i = 0; i < c->argc && n < 63; i++) args[n++] = c->argv[i];
  args[n] = NULL;
  struct words w;
  prewarm_start(); /* the joins below find the cgroup lock warm (prewarm.c) */
  on_fail(exec_cleanup);
  int rc = run_node(c, args, &w);
  if (rc != 0) {
    prewarm_stop();
    return rc;
  }
  if (w.n < 5) fail("internal error: the exec plan is short");
  /* the plan starts with: id, pid file, detach (0/1), console socket */
  const char *id = w.v[0], *pid_file = w.v[1], *console = w.v[3];
  int detach = strcmp(w.v[2], "1") == 0;
  struct words rest = {w.v + 4, w.n - 4, w.buf};
  struct plan plan;
  memset(&plan, 0, sizeof(plan));
  parse_plan(&rest, &plan);

  struct record r;
  int lock = lock_and_load(c, id, &r);
  enum status st = status_of(&r, 0);
  if (st == ST_STOPPED || st == ST_CREATING) fail("cannot exec in a stopped container");
  if (st == ST_PAUSED) fail("cannot exec in a paused container");
  plan.exec_pid = r.pid;
  plan.exec_start_time = r.start_time;
  plan.clone_cgroup = r.cgroup_v2;
  for (int i = 0; i < r.n_cgroups; i++) {
    if (r.cgroup_v2 && strcmp(r.cgroups[i], r.cgroup_v2) == 0) continue;
    plan.cgroups.v = realloc(plan.cgroups.v, sizeof(char *) * (size_t)(plan.cgroups.n + 1));
    plan.cgroups.v[plan.cgroups.n++] = r.cgroups[i];
  }
  if (plan.process.terminal && !*console) fail("process.terminal is true, but no --console-socket was given");
  plan.console_fd = *console ? connect_console_socket(console) : -1;

  int sfd = -1;
  if (!detach) {
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); /* the process is ours to reap once the middle exits */
    sfd = block_signals();
  }
  struct channel ch;
  pid_t middle = spawn_container(&plan, &ch);
  pid_t child = 0;
  struct report rep;
  while (read_report(ch.report[0], &rep) == 0) {
    if (rep.kind == R_ERROR) {
      waitpid(middle, NULL, 0);
      fail("%s", rep.text);
    }
    if (rep.kind == R_PID) child = (pid_t)rep.value;
  }
  waitpid(middle, NULL, 0);
  prewarm_stop();
  if (!child) fail("the exec'd process of container %s did not start", id);
  if (*pid_file) write_pid_file(pid_file, child);
  node_reap();
  close(lock);
  return detach ? 0 : wait_in_foreground(child, sfd);
}
