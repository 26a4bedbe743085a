/* Command-line options, in bubblewrap's style: one word per flag, values as
 * separate words, the task after "--". No shell, no JSON. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stub.h"

static const char usage[] =
    "usage: " STUB_NAME " [OPTIONS] -- PROGRAM [ARGS...]\n"
    "  --status-fd FD         write JSON events (init, running, error, exit) to FD\n"
    "  --env-fd FD            the task's environment: NAME=VALUE entries, each ended by a NUL\n"
    "                         byte, read from FD to its end (without it the task's is empty)\n"
    "  --exit-file PATH       record the container's termination in PATH (JSON)\n"
    "  --cgroup DIR           join this cgroup before the task starts (repeatable)\n"
    "  --clone-into-cgroup DIR  create the init directly in this cgroup v2 (clone3)\n"
    "  --resource-cgroup DIR  join this cgroup too, but leave it in place at the end (repeatable)\n"
    "  --keep-cgroups         leave the --cgroup and --clone-into-cgroup cgroups in place at the end\n"
    "  --oom-cgroup DIR       watch this memory cgroup (v1 or v2): at its first OOM kill, record the\n"
    "                         limitation next to --exit-file, then kill the whole container\n"
    "  --unshare-pid          run in a new pid namespace (the stub becomes its pid 1)\n"
    "  --unshare-mount        run in a new mount namespace with private propagation\n"
    "  --proc DEST            mount a fresh proc filesystem on DEST\n"
    "  --bind SRC DEST        bind-mount SRC on DEST (read-write)\n"
    "  --ro-bind SRC DEST     bind-mount SRC on DEST read-only\n"
    "  --chdir DIR            working directory of the task\n"
    "  --user NAME            run the task as this user (its uid, gid and groups)\n"
    "  --sync-fd FD           wait for one byte on FD before starting the task\n"
    "  --chown-tree DIR       give DIR and everything in it to the --user\n"
    "  --enter-pid PID        enter the running container whose init is PID (pid and mount\n"
    "                         namespaces, cgroup) instead of making one\n"
    "  --enter-start-time T   ... only if PID still has start time T (/proc/PID/stat field 22)\n"
    "  --argv0 NAME           the task sees NAME as its argv[0] (PROGRAM is still what runs)\n"
    "  --cap-effective LIST   the task's effective, permitted, inheritable and ambient\n"
    "                         capabilities (numbers, e.g. 0,10; empty: none)\n"
    "  --cap-bounding LIST    the task's bounding set (default: the effective list)\n"
    "  --no-new-privs         set no_new_privs in the task\n"
    "  --die-with-parent PID  kill the container when PID, our parent, dies\n"
    "  --test-linger-ms MS    test-only: once the end is recorded, wait MS (at most 5000) before\n"
    "                         exiting, as a slow fsync on a busy host makes the monitor do\n"
    "A launch handed over by the CLI (it exec'ed this program; see hand_over.c):\n"
    "  --record FILE          before releasing the task, write FILE (the container's record) from\n"
    "  --record-template-fd FD  ... this JSON object, adding the init's and our own identity\n"
    "  --destroy-request FILE when FILE exists once the record is written, do not release the task\n"
    "  --lock-fd FD           the container's lock: closed once the task runs\n"
    "  --hand-back-fd FD      when the launch fails before the task runs, exec the command line\n"
    "                         and environment read from FD (argv entries, an empty one, env\n"
    "                         entries, each ended by a NUL byte), with the error added to it\n"
    "  --container-id ID      the container's id, for what the launch prints\n";

static long long parse_number(const char *flag, const char *value, long long min, long long max, const char *what) {
  char *end = NULL;
  errno = 0;
  long long n = strtoll(value, &end, 10);
  if (errno != 0 || end == value || *end != '\0' || n < min || n > max)
    die(EXIT_STUB_FAILED, "options", 0, "%s needs %s, got '%s'", flag, what, value);
  return n;
}

static int parse_fd(const char *flag, const char *value) {
  return (int)parse_number(flag, value, 0, 1 << 20, "a file descriptor number");
}

/* Any pid the kernel can hand out: pid_max goes up to 2^22 (PID_MAX_LIMIT). */
static pid_t parse_pid(const char *flag, const char *value) {
  return (pid_t)parse_number(flag, value, 1, 0x7fffffff, "a process id");
}

static void parse_caps(const char *flag, const char *value, unsigned long long *mask) {
  if (parse_cap_list(value, mask) < 0)
    die(EXIT_STUB_FAILED, "options", 0, "%s needs capability numbers below 64 separated by commas, got '%s'", flag, value);
}

static const char *need(int argc, char **argv, int i, int count, const char *flag) {
  if (i + count >= argc)
    die(EXIT_STUB_FAILED, "options", 0, "%s needs %d argument%s", flag, count, count > 1 ? "s" : "");
  return argv[i + 1];
}

static void add_mount(struct options *opts, enum mount_kind kind, const char *src, const char *dst) {
  struct mount_op *grown = realloc(opts->mounts, sizeof(*grown) * (size_t)(opts->n_mounts + 1));
  if (!grown) die(EXIT_STUB_FAILED, "options", ENOMEM, "out of memory");
  opts->mounts = grown;
  opts->mounts[opts->n_mounts++] = (struct mount_op){kind, src, dst, -1};
}

static void add_path(const char ***list, int *count, const char *path) {
  const char **grown = realloc(*list, sizeof(*grown) * (size_t)(*count + 1));
  if (!grown) die(EXIT_STUB_FAILED, "options", ENOMEM, "out of memory");
  *list = grown;
  grown[(*count)++] = path;
}

void parse_options(int argc, char **argv, struct options *opts) {
  memset(opts, 0, sizeof(*opts));
  opts->status_fd = -1;
  opts->env_fd = -1;
  opts->sync_fd = -1;
  opts->record_template_fd = -1;
  opts->lock_fd = -1;
  opts->hand_back_fd = -1;

  /* The status fd and the hand-back come first, so that option errors reach the caller. */
  for (int i = 1; i + 1 < argc && strcmp(argv[i], "--") != 0; i++) {
    if (strcmp(argv[i], "--status-fd") == 0) status_open(parse_fd("--status-fd", argv[i + 1]));
    if (strcmp(argv[i], "--hand-back-fd") == 0 && !hand_back_set()) hand_back_load(opts->hand_back_fd = parse_fd("--hand-back-fd", argv[i + 1]));
  }

  int i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) {
      i++;
      break;
    } else if (strcmp(a, "--help") == 0) {
      fputs(usage, stdout);
      exit(0);
    } else if (strcmp(a, "--status-fd") == 0) {
      opts->status_fd = parse_fd(a, need(argc, argv, i, 1, a));
      i++;
    } else if (strcmp(a, "--env-fd") == 0) {
      opts->env_fd = parse_fd(a, need(argc, argv, i, 1, a));
      i++;
    } else if (strcmp(a, "--cap-effective") == 0) {
      parse_caps(a, need(argc, argv, i, 1, a), &opts->caps.effective);
      opts->caps.has_effective = 1;
      i++;
    } else if (strcmp(a, "--cap-bounding") == 0) {
      parse_caps(a, need(argc, argv, i, 1, a), &opts->caps.bounding);
      opts->caps.has_bounding = 1;
      i++;
    } else if (strcmp(a, "--no-new-privs") == 0) {
      opts->caps.no_new_privs = 1;
    } else if (strcmp(a, "--sync-fd") == 0) {
      opts->sync_fd = parse_fd(a, need(argc, argv, i, 1, a));
      i++;
    } else if (strcmp(a, "--exit-file") == 0) {
      opts->exit_file = need(argc, argv, i, 1, a);
      i++;
    } else if (strcmp(a, "--cgroup") == 0) {
      add_path(&opts->cgroups, &opts->n_cgroups, need(argc, argv, i, 1, a));
      i++;
    } else if (strcmp(a, "--resource-cgroup") == 0) {
      add_path(&opts->resource_cgroups, &opts->n_resource_cgroups, need(argc, argv, i, 1, a));
      i++;
    } else if (strcmp(a, "--clone-into-cgroup") == 0) {
      opts->clone_cgroup = need(argc, argv, i, 1, a);
      i++;
    } else if (strcmp(a, "--oom-cgroup") == 0) {
      opts->oom_cgroup = need(argc, argv, i, 1, a);
      i++;
    } else if (strcmp(a, "--keep-cgroups") == 0) {
      opts->keep_cgroups = 1;
    } else if (strcmp(a, "--unshare-pid") == 0) {
      opts->unshare_pid = 1;
    } else if (strcmp(a, "--unshare-mount") == 0) {
      opts->unshare_mount = 1;
    } else if (strcmp(a, "--proc") == 0) {
      add_mount(opts, MOUNT_PROC, NULL, need(argc, argv, i, 1, a));
      i++;
    } else if (strcmp(a, "--bind") == 0 || strcmp(a, "--ro-bind") == 0) {
      need(argc, argv, i, 2, a);
      add_mount(opts, a[2] == 'r' ? MOUNT_RO_BIND : MOUNT_BIND, argv[i + 1], argv[i + 2]);
      i += 2;
    } else if (strcmp(a, "--chdir") == 0) {
      opts->chdir_path = need(argc, argv, i, 1, a);
      i++;
    } else if (strcmp(a, "--enter-pid") == 0) {
      opts->enter_pid = parse_pid(a, need(argc, argv, i, 1, a));
      i++;
    } else if (strcmp(a, "--enter-start-time") == 0) {
      opts->enter_start_time = (unsigned long long)parse_number(a, need(argc, argv, i, 1, a), 0, 0x7fffffffffffffffLL, "a start time");
      i++;
    } else if (strcmp(a, "--chown-tree") == 0) {
      opts->chown_tree = need(argc, argv, i, 1, a);
      i++;
    } else if (strcmp(a, "--die-with-parent") == 0) {
      opts->die_with_parent = parse_pid(a, need(argc, argv, i, 1, a));
      i++;
    } else if (strcmp(a, "--test-linger-ms") == 0) {
      opts->test_linger_ms = (int)parse_number(a, need(argc, argv, i, 1, a), 0, 5000, "milliseconds (0 to 5000)");
      i++;
    } else if (strcmp(a, "--argv0") == 0) {
      opts->argv0 = need(argc, argv, i, 1, a);
      i++;
    } else if (strcmp(a, "--record") == 0) {
      opts->record = need(argc, argv, i, 1, a);
      i++;
    } else if (strcmp(a, "--record-template-fd") == 0) {
      opts->record_template_fd = parse_fd(a, need(argc, argv, i, 1, a));
      i++;
    } else if (strcmp(a, "--destroy-request") == 0) {
      opts->destroy_request = need(argc, argv, i, 1, a);
      i++;
    } else if (strcmp(a, "--lock-fd") == 0) {
      opts->lock_fd = parse_fd(a, need(argc, argv, i, 1, a));
      i++;
    } else if (strcmp(a, "--hand-back-fd") == 0) {
      need(argc, argv, i, 1, a); /* read first, above */
      i++;
    } else if (strcmp(a, "--container-id") == 0) {
      opts->container_id = need(argc, argv, i, 1, a);
      i++;
    } else if (strcmp(a, "--user") == 0) {
      opts->user = need(argc, argv, i, 1, a);
      i++;
    } else {
      die(EXIT_STUB_FAILED, "options", 0, "unknown option '%s' (see --help)", a);
    }
  }

  if (i >= argc) die(EXIT_STUB_FAILED, "options", 0, "no program given after '--'");
  opts->argv = &argv[i];

  if (opts->enter_pid && (opts->unshare_pid || opts->unshare_mount || opts->n_mounts > 0 || opts->oom_cgroup))
    die(EXIT_STUB_FAILED, "options", 0, "--enter-pid joins a container: it takes no --unshare-*, mounts or --oom-cgroup");
  if (opts->record && (opts->record_template_fd < 0 || opts->sync_fd >= 0 || opts->enter_pid))
    die(EXIT_STUB_FAILED, "options", 0, "--record needs --record-template-fd, and takes no --sync-fd or --enter-pid (the stub releases the task itself)");
  if (!opts->record && (opts->record_template_fd >= 0 || opts->destroy_request || opts->lock_fd >= 0))
    die(EXIT_STUB_FAILED, "options", 0, "--record-template-fd, --destroy-request and --lock-fd belong to --record");
  if (opts->caps.has_effective && opts->caps.has_bounding && (opts->caps.effective & ~opts->caps.bounding))
    die(EXIT_STUB_FAILED, "options", 0, "--cap-effective must be within --cap-bounding");
  if (opts->n_mounts > 0 && !opts->unshare_mount)
    die(EXIT_STUB_FAILED, "options", 0, "mounts need --unshare-mount (they would change the host)");
  for (int m = 0; m < opts->n_mounts; m++)
    if (opts->mounts[m].kind == MOUNT_PROC && !opts->unshare_pid)
      die(EXIT_STUB_FAILED, "options", 0, "--proc needs --unshare-pid");
}
