/* create --bundle B [--pid-file F] [--console-socket S] [--no-pivot]
 * [--no-new-keyring] ID: claims the id (mkdir, then the lock), lets Node
 * read config.json and write the state record, forks the container from
 * Node's plan, runs the runtime hooks when the init asks, and returns once
 * the init waits on exec.fifo, in its final cgroup, an orphan (the shim, a
 * subreaper, becomes its parent). A failure at any step undoes every one
 * before it: no process, cgroup or state directory is left. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

static struct {
  const struct call *call;
  const char *id;
  char dir[PATH_MAX];
  pid_t middle;
  int init_pidfd;
  int claimed;
} undo = {.middle = -1, .init_pidfd = -1};

/* Runs from fail(): the container as far as it got, gone. */
static void undo_create(void) {
  prewarm_stop();
  node_reap();
  if (!undo.claimed) return;
  undo.claimed = 0;
  if (undo.middle > 0) {
    kill(undo.middle, SIGKILL);
    waitpid(undo.middle, NULL, 0);
  }
  if (undo.init_pidfd >= 0) syscall(SYS_pidfd_send_signal, undo.init_pidfd, SIGKILL, NULL, 0);
  struct record r;
  if (record_load(undo.call->root, undo.id, &r) == 0) {
    if (undo.init_pidfd >= 0) {
      struct pollfd p = {undo.init_pidfd, POLLIN, 0};
      poll(&p, 1, 5000);
    }
    cgroup_signal_all(&r, SIGKILL);
    cgroup_remove_all(r.cgroups, r.n_cgroups, 5000);
  }
  remove_tree(undo.dir);
}

static void make_root(const char *root) {
  char path[PATH_MAX];
  snprintf(path, sizeof(path), "%s", root);
  for (char *p = path + 1;; p++) {
    if (*p != '/' && *p != '\0') continue;
    char saved = *p;
    *p = '\0';
    if (mkdir(path, 0711) < 0 && errno != EEXIST) fail("cannot create the state directory %s: %s", path, strerror(errno));
    *p = saved;
    if (!saved) break;
  }
}

int connect_console_socket(const char *path) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof(addr.sun_path)) fail("the console socket path %s is too long", path);
  strcpy(addr.sun_path, path);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
    fail("cannot connect to the console socket %s: %s", path, strerror(errno));
  return fd;
}

static void send_state(int fd, const char *json) {
  unsigned int len = (unsigned int)strlen(json);
  if (write_all(fd, &len, sizeof(len)) < 0 || write_all(fd, json, len) < 0) fail("the container's init went away");
}

/* Follows the middle and the init until the init waits for start. */
static pid_t follow_setup(struct plan *p, struct channel *ch, struct record *r) {
  pid_t init = 0;
  for (;;) {
    struct report rep;
    if (read_report(ch->report[0], &rep) < 0)
      fail("the container's %s exited during its setup", init ? "init" : "first process");
    switch (rep.kind) {
      case R_ERROR:
        fail("%s", rep.text);
      case R_MAPS:
        write_id_maps(undo.middle, p);
        if (write(ch->sync[1], "m", 1) != 1) fail("the container's first process went away");
        break;
      case R_PID:
        init = (pid_t)rep.value;
        undo.init_pidfd = (int)syscall(SYS_pidfd_open, init, 0);
        r->pid = init;
        if (p->create_container.n || p->start_container.n) {
          char *creating = state_json(r, ST_CREATING), *created = state_json(r, ST_CREATED);
          send_state(ch->sync[1], creating);
          send_state(ch->sync[1], created);
          free(creating);
          free(created);
        }
        break;
      case R_HOOKS:
        if (!init) fail("internal error: the container's init asked for the hooks before its pid was reported");
        r->pid = init;
        /* prestart (deprecated) sees "created", as the runtime-tools suite expects */
        if (run_recorded_hooks(r, "prestart", ST_CREATED, 1) || run_recorded_hooks(r, "createRuntime", ST_CREATING, 1))
          fail("a prestart or createRuntime hook failed (see the warning above)");
        if (write(ch->sync[1], "h", 1) != 1) fail("the container's init went away");
        break;
      case R_READY:
        if (!init) fail("internal error: the container's init was ready before its pid was reported");
        return init;
    }
  }
}

void write_pid_file(const char *path, pid_t pid) {
  char tmp[PATH_MAX + 16], digits[16];
  snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid());
  int n = snprintf(digits, sizeof(digits), "%d", (int)pid); /* bare digits, no newline: the shim Atoi's the file */
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 || write_all(fd, digits, (size_t)n) < 0 || close(fd) < 0 || rename(tmp, path) < 0) {
    unlink(tmp);
    fail("cannot write the pid file %s: %s", path, strerror(errno));
  }
}

int verb_create(const struct call *c) {
  const char *bundle = NULL, *pid_file = NULL, *console = NULL, *preserve = NULL;
  int no_pivot = 0, no_keyring = 0;
  struct flag flags[] = {{"bundle", 'b', 1, &bundle, NULL},          {"pid-file", 0, 1, &pid_file, NULL},
                         {"console-socket", 0, 1, &console, NULL},   {"no-pivot", 0, 0, NULL, &no_pivot},
                         {"no-new-keyring", 0, 0, NULL, &no_keyring}, {"preserve-fds", 0, 1, &preserve, NULL}};
  const char *id = container_id_arg(c, flags, 6);
  if (preserve && strcmp(preserve, "0") != 0) fail("create: --preserve-fds is not supported yet");
  char cwd[PATH_MAX], bundle_abs[2 * PATH_MAX + 2];
  if (!getcwd(cwd, sizeof(cwd))) fail("cannot read the working directory: %s", strerror(errno));
  if (!bundle || !*bundle) bundle = cwd;
  if (bundle[0] == '/') snprintf(bundle_abs, sizeof(bundle_abs), "%s", bundle);
  else snprintf(bundle_abs, sizeof(bundle_abs), "%s/%s", cwd, bundle);

  make_root(c->root);
  undo.call = c;
  undo.id = id;
  record_path(undo.dir, sizeof(undo.dir), c->root, id, NULL);
  if (mkdir(undo.dir, 0711) < 0) {
    if (errno == EEXIST) fail("container with id %s already exists", id);
    fail("cannot create %s: %s", undo.dir, strerror(errno));
  }
  int lock = lock_container(undo.dir, 30);
  if (lock < 0) fail("cannot lock %s: %s", undo.dir, strerror(errno));
  undo.claimed = 1;
  on_fail(undo_create);

  char fifo[PATH_MAX + 16];
  snprintf(fifo, sizeof(fifo), "%s/exec.fifo", undo.dir);
  if (mkfifo(fifo, 0622) < 0 || chmod(fifo, 0622) < 0) fail("cannot create %s: %s", fifo, strerror(errno));

  prewarm_start();
  const char *args[] = {"plan-create", "--id", id, "--bundle", bundle_abs, NULL};
  struct words words;
  int rc = run_node(c, args, &words);
  if (rc != 0) {
    prewarm_stop();
    undo_create(); /* Node said why (stderr and --log) */
    exit(rc);
  }
  struct plan plan;
  memset(&plan, 0, sizeof(plan));
  parse_plan(&words, &plan);
  plan.fifo = fifo;
  plan.no_pivot = no_pivot;
  plan.no_new_keyring = no_keyring;
  plan.keyring_name = id;
  if (plan.process.terminal && !console) fail("process.terminal is true, but no --console-socket was given");
  if (!plan.process.terminal && console) fail("--console-socket was given, but process.terminal is false");
  plan.console_fd = console ? connect_console_socket(console) : -1;

  struct record r;
  if (record_load(c->root, id, &r) < 0) fail("container %s does not exist", id);
  struct channel ch;
  undo.middle = spawn_container(&plan, &ch);
  pid_t init = follow_setup(&plan, &ch, &r);
  waitpid(undo.middle, NULL, 0);
  undo.middle = -1;
  prewarm_stop();

  char record[128], path[PATH_MAX + 16];
  int n = snprintf(record, sizeof(record), "pid=%d\nstart_time=%llu\n", (int)init, start_time_of(init));
  snprintf(path, sizeof(path), "%s/init", undo.dir);
  if (write_record(path, record, (size_t)n, 0600) < 0) fail("cannot write %s: %s", path, strerror(errno));
  if (pid_file) write_pid_file(pid_file, init);
  undo.claimed = 0;
  node_reap(); /* it holds our stdio: gone before we return */
  close(lock);
  return 0;
}
