/* The container's init, from its birth (pid 1 of a new pid namespace, or
 * not) to the user's program: the rootfs, the runtime hooks (run by the
 * front-end, outside), createContainer hooks, pivot_root, hostname,
 * sysctls, the process's settings, then "ready" and the wait for `start` on
 * exec.fifo; then startContainer hooks and exec, as the container's pid 1
 * itself (no reaper in between, as runc). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init.h"

/* The state JSONs the front-end sends for the hooks run in here: the one
 * for createContainer ("creating") then for startContainer ("created"). */
static char *read_state(int sync_fd) {
  unsigned int len;
  if (read(sync_fd, &len, sizeof(len)) != (ssize_t)sizeof(len) || len > (1u << 24)) return NULL;
  char *s = malloc(len + 1);
  size_t got = 0;
  while (s && got < len) {
    ssize_t n = read(sync_fd, s + got, len - got);
    if (n <= 0) return NULL;
    got += (size_t)n;
  }
  if (s) s[len] = '\0';
  return s;
}

static void run_hooks(const struct hook_list *l, const char *kind, const char *state, int rfd) {
  for (int i = 0; i < l->n; i++) {
    char why[1024];
    if (run_hook(&l->v[i], state, why, sizeof(why)) < 0) child_fail(rfd, 0, "%s %s", kind, why);
  }
}

static void join_keyring(const struct plan *p) {
  if (p->no_new_keyring) return;
  /* KEYCTL_JOIN_SESSION_KEYRING: a session keyring of the container's own,
   * not the caller's; a kernel or namespace without keyrings just has none */
  syscall(SYS_keyctl, 1, p->keyring_name);
}

/* Blocks until `start` writes its byte into exec.fifo. The fifo stays open
 * until exec closes it: `start` waits for that. */
static void wait_for_start(int fifo, int rfd) {
  for (;;) {
    struct pollfd pfd = {fifo, POLLIN, 0};
    if (poll(&pfd, 1, -1) < 0 && errno == EINTR) continue;
    char byte;
    ssize_t n = read(fifo, &byte, 1);
    if (n == 1) break;
    if (n < 0 && errno != EAGAIN && errno != EINTR) child_fail(rfd, errno, "cannot read exec.fifo");
  }
}

void run_container_init(struct plan *p, struct channel *ch) {
  int rfd = ch->report[1], sfd = ch->sync[0];
  setsid();
  umask(0);
  int fifo = p->fifo_fd;
  char *creating = NULL, *created = NULL;
  if (p->create_container.n || p->start_container.n) {
    creating = read_state(sfd);
    created = read_state(sfd);
    if (!creating || !created) _exit(1); /* the front-end went away */
  }
  int rootfd = -1, own_mounts = plan_has_mount_ns(p);
  if (own_mounts) prepare_rootfs(p, rfd, &rootfd, p->process.terminal ? p->console_fd : -1);
  else if (p->process.terminal) child_fail(rfd, 0, "a terminal needs the container's own mount namespace (its devpts)");
  if (p->has_runtime_hooks) {
    report_send(rfd, R_HOOKS, 0);
    if (wait_sync(sfd) < 0) _exit(1);
  }
  run_hooks(&p->create_container, "createContainer", creating, rfd);
  if (own_mounts) {
    enter_rootfs(p, rfd);
    close(rootfd);
  } else {
    /* the host's mount table is not ours to change: only the root directory */
    if (chroot(p->rootfs) < 0 || chdir("/") < 0) child_fail(rfd, errno, "cannot chroot into %s", p->rootfs);
    int root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root < 0) child_fail(rfd, errno, "cannot open the container's root");
    apply_sysctls(p, root, rfd);
    close(root);
  }
  if (p->hostname && sethostname(p->hostname, strlen(p->hostname)) < 0) child_fail(rfd, errno, "cannot set the hostname");
  if (p->domainname && setdomainname(p->domainname, strlen(p->domainname)) < 0)
    child_fail(rfd, errno, "cannot set the domain name");
  join_keyring(p);
  apply_process(&p->process, rfd);
  const char *path = look_path(&p->process, rfd);
  report_send(rfd, R_READY, 0);
  close(sfd);
  wait_for_start(fifo, rfd);
  run_hooks(&p->start_container, "startContainer", created, rfd);
  exec_process(&p->process, path, rfd);
}
