/*
 * mesos-containerizer-oci: the runc-compatible command line (issue 15).
 *
 * One small C program with two roles:
 *   - the front-end containerd's shim runs for every call. It serves the hot
 *     verbs itself (start, state, kill, delete, ps, pause, resume, list,
 *     features) from the records in --root/<id>/, and for create, exec and
 *     update runs Node as a child, under the container's lock: Node reads and
 *     validates config.json or process.json (src/oci/) and answers with a
 *     plan, bubblewrap-style words, so that no JSON is parsed here;
 *   - the container's init and the exec'd process: from that plan it forks,
 *     joins or makes namespaces, mounts the rootfs and pivots, and waits on
 *     exec.fifo until `start` (the same shape as runc's `runc init`).
 * Node never changes its own namespaces (DESIGN.md §2).
 */
#ifndef MESOS_OCI_H
#define MESOS_OCI_H

#include <stddef.h>
#include <sys/types.h>

#define OCI_NAME "mesos-containerizer-oci"
#define OCI_SPEC_VERSION "1.0.2"

/* ---- global flags and the call ---------------------------------------- */
struct call {
  const char *root;     /* --root: the state directory of every container */
  const char *log_path; /* --log */
  int log_json;         /* --log-format json */
  const char *verb;
  int argc; /* the verb's own arguments */
  char **argv;
  const char *self; /* argv[0] */
};

/* log.c: errors go to stderr and, as a JSON line, to --log (the shim shows its msg) */
void log_open(const struct call *c);
void log_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn, format(printf, 1, 2))) void fail(const char *fmt, ...);
void log_error_line(const char *msg);
void on_fail(void (*fn)(void)); /* fail() runs it (once) before exiting */
size_t json_string(char *dst, size_t cap, const char *s);
int write_all(int fd, const void *buf, size_t len);

/* args.c: a verb's flags, runc style (--flag value, --flag=value, -f) */
struct flag {
  const char *long_name;
  char short_name;
  int takes_value;
  const char **value; /* set when the flag takes a value */
  int *seen;          /* set to 1 when given */
};
int parse_verb_args(const struct call *c, struct flag *flags, int n_flags, const char **positional, int max_positional);
const char *container_id_arg(const struct call *c, struct flag *flags, int n_flags);
void validate_id(const char *id);

/* record.c: the records in --root/<id>/ */
#define MAX_CGROUPS 24
struct record {
  char dir[4096];
  int has_state; /* the record Node wrote at create */
  int has_init;  /* the init, once create finished */
  char oci_version[64], id_json[1024], bundle_json[8192], rootfs_json[8192], created_json[80];
  char *annotations_json; /* or NULL */
  int own_pid_ns;
  char *cgroups[MAX_CGROUPS];
  int n_cgroups;
  char *freezer;      /* a v1 freezer cgroup, or a v2 cgroup (cgroup.freeze) */
  int freezer_v2;
  char *procs_cgroup; /* the cgroup whose cgroup.procs lists every process */
  char *cgroup_v2;    /* the container's v2 cgroup (cgroup.kill, clone3 for exec), or NULL */
  pid_t pid;
  unsigned long long start_time;
};
int record_path(char *out, size_t size, const char *root, const char *id, const char *name);
int record_load(const char *root, const char *id, struct record *r); /* -1: no such container */
char *read_small_file(const char *path, size_t limit, size_t *length);
int write_record(const char *path, const char *content, size_t len, int mode);
int remove_tree(const char *path);

/* status.c */
enum status { ST_CREATING, ST_CREATED, ST_RUNNING, ST_PAUSED, ST_STOPPED };
const char *status_name(enum status s);
enum status status_of(const struct record *r, int lock_held_elsewhere);
int init_alive(const struct record *r);
unsigned long long start_time_of(pid_t pid);
int pidfd_of(const struct record *r); /* a pidfd of the init if it is still the one recorded, else -1 */
char *state_json(const struct record *r, enum status s);

/* lock.c: the per-container lock, flock on its directory (as the lifecycle code) */
int lock_container(const char *dir, int wait_seconds); /* fd, or -1 (errno ENOENT: gone; EWOULDBLOCK: busy) */
int lock_is_held(const char *dir);

/* cgroup.c */
int cgroup_freeze(const struct record *r, int freeze);
int cgroup_is_frozen(const struct record *r);
int cgroup_signal_all(const struct record *r, int sig);
int cgroup_pids(const struct record *r, pid_t **pids);
int cgroup_remove_all(char *const *dirs, int n, int wait_ms);
int cgroup_has_processes(const struct record *r);

/* prewarm.c */
void prewarm_start(void);
void prewarm_stop(void);

/* signals.c */
int parse_signal(const char *text);

/* hooks.c */
struct hook {
  const char *path;
  int timeout; /* seconds, 0 = none */
  char **argv; /* NULL-terminated; argv[0] defaults to path */
  char **envp; /* NULL-terminated */
};
int run_hook(const struct hook *h, const char *state, char *why, size_t why_size);
int run_recorded_hooks(const struct record *r, const char *kind, enum status st, int stop_at_failure);

/* node.c: Node as a child: the plan on a pipe */
struct words {
  char **v;
  int n;
  char *buf;
};
int run_node(const struct call *c, const char *const *args, struct words *plan);
void node_reap(void); /* before exiting: Node may still be tearing down */

/* verbs */
int verb_state(const struct call *c);
int verb_start(const struct call *c);
int verb_kill(const struct call *c);
int verb_delete(const struct call *c);
int verb_ps(const struct call *c);
int verb_pause(const struct call *c, int pause);
int verb_list(const struct call *c);
int verb_features(const struct call *c);
int verb_create(const struct call *c);
int verb_exec(const struct call *c);
int verb_update(const struct call *c);

/* destroy.c: what delete and a failed create share */
int destroy_container(struct record *r, enum status st);
void load_or_fail(const struct call *c, const char *id, struct record *r);
int lock_and_load(const struct call *c, const char *id, struct record *r);

#endif
