/* The process's own settings, last, shared by the init and exec: rlimits,
 * no_new_privs, the bounding set, the user (keeping capabilities across the
 * switch), the other four capability sets, the working directory (entered as
 * the user, as runc), umask; then the program is looked up on the process's
 * PATH and executed with exactly its environment. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init.h"

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_RAISE 2
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif

struct cap_header {
  unsigned int version;
  int pid;
};
struct cap_data {
  unsigned int effective, permitted, inheritable;
};

static int last_cap(void) {
  int fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
  char buf[16] = {0};
  ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
  if (fd >= 0) close(fd);
  return n > 0 ? atoi(buf) : 40;
}

static int drop_bounding(unsigned long long keep) {
  int last = last_cap();
  for (int cap = 0; cap <= last && cap < 64; cap++)
    if (!(keep & (1ULL << cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) return -1;
  return 0;
}

/* The sets, as given, of the capabilities this kernel has (the names Node
 * knows may go beyond cap_last_cap). */
int apply_caps(const struct caps_plan *c) {
  int last = last_cap();
  unsigned long long known = last >= 63 ? ~0ULL : (1ULL << (last + 1)) - 1;
  struct cap_header header = {0x20080522, 0}; /* _LINUX_CAPABILITY_VERSION_3 */
  struct cap_data data[2];
  for (int w = 0; w < 2; w++) {
    data[w].effective = (unsigned int)((c->effective & known) >> (32 * w));
    data[w].permitted = (unsigned int)((c->permitted & known) >> (32 * w));
    data[w].inheritable = (unsigned int)((c->inheritable & known) >> (32 * w));
  }
  if (syscall(SYS_capset, &header, data) < 0) return -1;
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL) return -1;
  for (int cap = 0; cap <= last && cap < 64; cap++) /* the kernel takes only what is permitted and inheritable */
    if ((c->ambient & (1ULL << cap)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0 && errno != EPERM)
      return -1;
  return 0;
}

static void switch_user(const struct process_plan *pp, int rfd) {
  if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) child_fail(rfd, errno, "cannot keep capabilities across the user switch");
  if (setgroups((size_t)pp->n_groups, pp->groups) < 0 && !(errno == EPERM && pp->n_groups == 0))
    child_fail(rfd, errno, "cannot set the additional groups of the process");
  if (setresgid(pp->gid, pp->gid, pp->gid) < 0) child_fail(rfd, errno, "cannot switch to group %u", (unsigned)pp->gid);
  if (setresuid(pp->uid, pp->uid, pp->uid) < 0) child_fail(rfd, errno, "cannot switch to user %u", (unsigned)pp->uid);
  prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
}

void apply_process(const struct process_plan *pp, int rfd) {
  for (int i = 0; i < pp->n_rlimits; i++) {
    const struct rlimit_plan *r = &pp->rlimits[i];
    struct rlimit value = {(rlim_t)r->soft, (rlim_t)r->hard};
    if (setrlimit(r->resource, &value) < 0) child_fail(rfd, errno, "cannot set rlimit %d to %llu/%llu", r->resource, r->soft, r->hard);
  }
  if (pp->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) child_fail(rfd, errno, "cannot set no_new_privs");
  if (pp->caps.set && drop_bounding(pp->caps.bounding) < 0) child_fail(rfd, errno, "cannot set the bounding capabilities");
  if (pp->has_user) switch_user(pp, rfd);
  if (pp->caps.set && apply_caps(&pp->caps) < 0) child_fail(rfd, errno, "cannot set the process's capabilities");
  if (pp->cwd && chdir(pp->cwd) < 0) child_fail(rfd, errno, "cannot change to the working directory %s", pp->cwd);
  if (pp->has_umask) umask(pp->umask);
}

static const char *env_value(const struct process_plan *pp, const char *name) {
  size_t n = strlen(name);
  for (int i = 0; i < pp->env.n; i++)
    if (strncmp(pp->env.v[i], name, n) == 0 && pp->env.v[i][n] == '=') return pp->env.v[i] + n + 1;
  return NULL;
}

static int executable(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* The program, as execvp would find it, checked before `start` (as runc):
 * a missing program fails create with its name. */
const char *look_path(const struct process_plan *pp, int rfd) {
  const char *name = pp->argv[0];
  if (!name || !*name) child_fail(rfd, 0, "the process has no program (process.args is empty)");
  if (strchr(name, '/')) {
    struct stat st;
    if (stat(name, &st) < 0) child_fail(rfd, errno, "exec: \"%s\": stat %s", name, name);
    if (S_ISDIR(st.st_mode)) child_fail(rfd, EISDIR, "exec: \"%s\"", name);
    return name;
  }
  const char *path = env_value(pp, "PATH");
  if (!path) path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  static char found[4096];
  for (const char *p = path;; p++) {
    const char *end = strchrnul(p, ':');
    int len = (int)(end - p);
    snprintf(found, sizeof(found), "%.*s%s%s", len, len ? p : ".", "/", name);
    if (executable(found)) return found;
    if (!*end) break;
    p = end;
  }
  child_fail(rfd, 0, "exec: \"%s\": executable file not found in $PATH", name);
}

void exec_process(const struct process_plan *pp, const char *path, int rfd) {
  struct sigaction dfl = {0};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; sig++) sigaction(sig, &dfl, NULL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  if (syscall(SYS_close_range, 3, ~0U, 4 /* CLOSE_RANGE_CLOEXEC */) < 0)
    for (int fd = 3; fd < 4096; fd++) fcntl(fd, F_SETFD, FD_CLOEXEC);
  execve(path, (char *const *)pp->argv, (char *const *)(pp->env.v ? pp->env.v : (const char *[]){NULL}));
  child_fail(rfd, errno, "exec: \"%s\"", pp->argv[0]);
}
