/* Node as a child (src/oci/, bundled into dist/oci/): it reads and
 * validates JSON (config.json, process.json, resources) and answers with a
 * plan on fd 3, NUL-separated words. It gets our stdio (its errors go to
 * stderr and to --log itself) and a fixed environment: nothing of the
 * caller's (NODE_OPTIONS, ...) changes what runs as root. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "oci.h"

#ifndef OCI_NODE
#define OCI_NODE "node"
#endif

/* <repo>/bin/oci-node.cjs, from <repo>/native-bindings/build/<us>. */
static void entry_path(char *out, size_t size) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n <= 0) fail("cannot find this program's own path (/proc/self/exe): %s", strerror(errno));
  exe[n] = '\0';
  for (int up = 0; up < 3; up++) {
    char *slash = strrchr(exe, '/');
    if (!slash) fail("cannot find the project around %s", exe);
    *slash = '\0';
  }
  snprintf(out, size, "%s/bin/oci-node.cjs", exe);
}

static void split_words(struct words *w, char *buf, size_t len) {
  w->buf = buf;
  w->n = 0;
  for (size_t i = 0; i < len; i++)
    if (buf[i] == '\0') w->n++;
  w->v = calloc((size_t)w->n + 1, sizeof(char *));
  if (!w->v) fail("out of memory");
  char *p = buf;
  for (int i = 0; i < w->n; i++) {
    w->v[i] = p;
    p += strlen(p) + 1;
  }
}

static pid_t unreaped = -1;

/* A plan ends with this word: Node closed fd 3 having answered in full, so
 * we go on while it tears itself down, and reap it at the end (node_reap). */
#define PLAN_END "--plan-end"

void node_reap(void) {
  if (unreaped <= 0) return;
  while (waitpid(unreaped, NULL, 0) < 0 && errno == EINTR) continue;
  unreaped = -1;
}

/* Runs Node with args; returns its exit code. With plan, collects fd 3. */
int run_node(const struct call *c, const char *const *args, struct words *plan) {
  char entry[PATH_MAX + 32];
  entry_path(entry, sizeof(entry));
  const char *node = getenv("MESOS_CONTAINERIZER_NODE");
  if (!node || !*node) node = OCI_NODE;
  const char *argv[64];
  int n = 0;
  argv[n++] = node;
  argv[n++] = entry;
  argv[n++] = "--root";
  argv[n++] = c->root;
  if (c->log_path) {
    argv[n++] = "--log";
    argv[n++] = c->log_path;
  }
  argv[n++] = "--log-format";
  argv[n++] = c->log_json ? "json" : "text";
  for (int i = 0; args[i] && n < 63; i++) argv[n++] = args[i];
  argv[n] = NULL;

  int pipe_fds[2] = {-1, -1};
  if (plan && pipe2(pipe_fds, O_CLOEXEC) < 0) fail("cannot create a pipe: %s", strerror(errno));
  pid_t pid = fork();
  if (pid < 0) fail("cannot fork: %s", strerror(errno));
  if (pid == 0) {
    if (plan && dup2(pipe_fds[1], 3) < 0) _exit(125);
    char *env[] = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", NULL};
    execve(node, (char *const *)argv, env);
    execvpe(node, (char *const *)argv, env);
    dprintf(2, OCI_NAME ": cannot run Node (%s): %s\n", node, strerror(errno));
    _exit(125);
  }
  if (plan) {
    close(pipe_fds[1]);
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    for (;;) {
      if (len == cap && !(buf = realloc(buf, cap *= 2))) fail("out of memory");
      ssize_t r = read(pipe_fds[0], buf + len, cap - len);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) break;
      len += (size_t)r;
    }
    close(pipe_fds[0]);
    split_words(plan, buf, len);
    if (plan->n > 0 && strcmp(plan->v[plan->n - 1], PLAN_END) == 0) {
      plan->v[--plan->n] = NULL;
      unreaped = pid;
      return 0;
    }
  }
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) fail("cannot wait for Node: %s", strerror(errno));
  if (WIFSIGNALED(status)) fail("Node was killed by signal %d", WTERMSIG(status));
  if (WEXITSTATUS(status) == 125) fail("cannot run Node (%s): see the line above", node);
  return WEXITSTATUS(status);
}
