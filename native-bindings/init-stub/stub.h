/*
 * mesos-containerizer-init: the small C program that does, for Node, the work
 * between "new namespaces" and exec (Node must never change its own
 * namespaces, see DESIGN.md §2).
 *
 *   outer   unshare(CLONE_NEWPID), fork, relay reports, forward signals,
 *           record the termination, exit with the task's status
 *   init    (pid 1 of the new pid namespace) join cgroups, unshare(CLONE_NEWNS),
 *           slave propagation, mounts, chdir, fork the task, reap, forward
 *   task    reset signals, capabilities, switch user, the task's environment,
 *           no inherited fds, exec
 *
 * The stub runs as root with an empty environment; nothing of the task's
 * (its environment arrives on --env-fd, as data) acts before the task's own
 * privileges apply.
 */
#ifndef MESOS_INIT_STUB_H
#define MESOS_INIT_STUB_H

#include <stddef.h>
#include <sys/types.h>

#define STUB_NAME "mesos-containerizer-init"

/* Exit codes of our own failures (Docker/Podman convention). */
#define EXIT_STUB_FAILED 125
#define EXIT_CANNOT_EXECUTE 126
#define EXIT_NOT_FOUND 127

enum mount_kind { MOUNT_PROC, MOUNT_BIND, MOUNT_RO_BIND };

struct mount_op {
  enum mount_kind kind;
  const char *source; /* NULL for proc */
  const char *target;
  int source_fd; /* binds: the source, opened before any mount could mask it */
};

struct user_ids {
  int set;
  const char *name;
  uid_t uid;
  gid_t gid;
  gid_t *groups;
  int ngroups;
  const char *home;
};

/* linux/capabilities: masks of capability numbers (bit N = capability N). */
struct cap_plan {
  int has_effective;
  unsigned long long effective;
  int has_bounding;
  unsigned long long bounding;
  int no_new_privs;
};

struct options {
  int status_fd;
  int env_fd;
  char **task_env; /* NAME=VALUE entries for the task's execve, from env_fd */
  struct cap_plan caps;
  int sync_fd;
  const char *exit_file;
  /* cgroups joined by migration (writing cgroup.procs): v1 hierarchies */
  const char **cgroups;
  int n_cgroups;
  /* joined the same way, but left in place at the end: the containerizer
   * reads their counters (OOM kills) before it removes them */
  const char **resource_cgroups;
  int n_resource_cgroups;
  /* a v2 cgroup the init is created in directly (clone3 CLONE_INTO_CGROUP):
   * no migration, so no wait for the RCU grace period a migration costs */
  const char *clone_cgroup;
  int keep_cgroups; /* leave the cgroups at the end (their counters are still to be read) */
  const char *oom_cgroup; /* a memory cgroup watched for OOM kills: the first one ends the container */
  int unshare_pid;
  int unshare_mount;
  struct mount_op *mounts;
  int n_mounts;
  const char *chdir_path;
  const char *user;
  const char *argv0; /* argv[0] the task sees, when not the program itself */
  const char *chown_tree; /* given to --user, recursively (the sandbox) */
  /* A handed-over launch (hand_over.c): the stub writes the record and
   * releases the task itself, and hands back to the CLI on a failure. */
  const char *record;          /* state.json to write naming the init, before the release */
  int record_template_fd;      /* ... from this record, complete but for the init */
  const char *destroy_request; /* destroyed.json: when there, the task is not released */
  int lock_fd;                 /* the container's lock, held until the task runs */
  int hand_back_fd;            /* the CLI's argv and env, to exec on a failure */
  const char *container_id;    /* for the lines a foreground launch prints */
  pid_t enter_pid;                     /* enter: the container's init (host pid) */
  unsigned long long enter_start_time; /* ... and its start time, to refuse a reused pid */
  pid_t die_with_parent;               /* the pid of our parent: the container ends when it does */
  int test_linger_ms;                  /* test-only: wait this long after recording the end */
  char **argv;
};

/* options.c */
void parse_options(int argc, char **argv, struct options *opts);

/* spawn.c */
pid_t spawn_init(const struct options *opts, int new_pid_ns, int *joined_by_clone);

/* report.c: messages from init to outer, and JSON on the status fd */
enum report_kind { REPORT_ERROR = 1, REPORT_RUNNING = 2, REPORT_EXIT = 3 };

struct report {
  int kind;
  int pid;       /* REPORT_RUNNING: the task's pid inside the namespace */
  int exit_code; /* REPORT_EXIT: -1 when killed by a signal */
  int signal;    /* REPORT_EXIT: 0 when it exited */
  int error;     /* REPORT_ERROR: errno, 0 if none */
  int status;    /* REPORT_ERROR: exit code the stub ends with */
  char stage[24];
  char text[2048];
};

void report_send(int fd, const struct report *r);
void format_report(struct report *r, const char *stage, int err, int status, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void report_error(int fd, const char *stage, int err, int status, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

void status_open(int fd);
void status_forget(void);
void report_sanitize(struct report *r);
void status_write_line(const char *line);
void status_event_init(pid_t init_pid);
void status_event_running(pid_t task_ns_pid);
void status_event_error(const struct report *r);
void format_error_event(char *line, size_t cap, const struct report *r);
void status_event_exit(int exit_code, int signal);
size_t json_escape(char *dst, size_t cap, const char *s);
int write_all(int fd, const char *buf, size_t len);

/* Fail before any child exists: report on the status fd and stderr, exit. */
__attribute__((noreturn, format(printf, 4, 5))) void die(int status, const char *stage, int err,
                                                         const char *fmt, ...);

/* errno_name.c: "ENOENT" for ENOENT, NULL when unknown */
const char *errno_name(int err);

/* env.c */
char **read_task_env(int fd);
void env_set(char ***envp, const char *name, const char *value);

/* fds.c */
void cloexec_inherited_fds(void);
void close_fds_except(const int *keep, int n_keep);

/* caps.c */
int parse_cap_list(const char *text, unsigned long long *mask);
int caps_before_user(const struct cap_plan *plan, int switching_user);
int caps_after_user(const struct cap_plan *plan);

/* readonly.c */
int make_read_only(const char *target);

/* user.c */
void resolve_user(const char *name, struct user_ids *ids);
int switch_user(const struct user_ids *ids);
void user_env(char ***envp, const struct user_ids *ids);
void chown_tree(const char *path, const struct user_ids *ids);

/* mounts.c */
int open_mount_sources(const struct options *opts, int report_fd);
int make_mounts_slave(int report_fd);
int apply_mounts(const struct options *opts, int report_fd);
void close_mount_sources(const struct options *opts);

/* task.c */
enum task_stage { TASK_STAGE_USER = 1, TASK_STAGE_EXEC = 2, TASK_STAGE_SETUP = 3, TASK_STAGE_CAPS = 4 };
struct task_failure {
  int stage;
  int error;
};
__attribute__((noreturn)) void become_task(const struct options *opts, const struct user_ids *user, int failure_fd);
__attribute__((noreturn)) void task_failed(int failure_fd, struct task_failure f);
int exit_code_of(int status);
void describe_task_failure(struct report *r, const struct task_failure *f, int status, const struct options *opts,
                           const struct user_ids *user);

/* enter.c */
int run_enter(const struct options *opts, const struct user_ids *user);

/* init.c */
int join_cgroup(const char *dir, int report_fd);
__attribute__((noreturn)) void run_init(const struct options *opts, const struct user_ids *user,
                                        int report_fd, int joined_by_clone);

/* outer.c */
int run_outer(struct options *opts, const struct user_ids *user);
unsigned long long start_time_of(pid_t pid);

/* parent_death.c: --die-with-parent, read from the outer process's signalfd */
int parent_death_signal(void);
int die_with_parent_arm(int sfd, pid_t parent);

/* oom_watch.c: --oom-cgroup, watched from the outer process's poll loop */
void oom_watch_start(const char *dir);
void oom_watch_forget(void);
int oom_watch_fd(void);
int oom_watch_timeout_ms(void);
int oom_watch_event(void);
int oom_watch_check(void);
int oom_cgroup_version(void);
int oom_read_control(const char *name, char *buf, size_t size);

/* limitation.c: record the memory limitation, then end the container */
void memory_limit_reached(const struct options *opts, pid_t init);
const char *limitation_message(void); /* the limitation recorded, or NULL */

/* kill_container.c */
void kill_container(const struct options *opts, pid_t init);

/* durable.c: tmp, fsync, rename, fsync of the directory; -1 with errno set */
int write_durably(int dir_fd, const char *name, const char *content, size_t length, mode_t mode);

/* read_fd.c: all an fd holds; NULL (errno set) on failure */
char *read_fd(int fd, size_t *length);

/* hand_back.c: a launch that failed before its task goes back to the CLI */
void hand_back_load(int fd);
int hand_back_set(void);
__attribute__((noreturn)) void hand_back(const struct report *r);

/* hand_over.c: a foreground launch the CLI handed over to the stub */
void hand_over_prepare(const struct options *opts);
void hand_over_forget(void);
int hand_over_record(pid_t init, unsigned long long init_start, unsigned long long pid_ns, int new_pid_ns);
int hand_over_destroy_requested(void);
int hand_over_release(const struct options *opts, pid_t init, unsigned long long init_start, unsigned long long pid_ns,
                      int release_fd, struct report *why, int *status);
void hand_over_task_running(void);
int hand_over_exit_code(const struct options *opts, int exit_code, int signal_number);

/* exit_file.c */
void exit_file_prepare(const char *path);
void exit_file_write(int exit_code, int signal, const struct report *error);
void exit_file_forget(void);

/* title.c */
void title_remember(int argc, char **argv);
void title_set(const char *title);

/* signals.c */
extern const int forwarded_signals[];
extern const int n_forwarded_signals;
int block_signals_fd(void);
void reset_signals_for_exec(void);

#endif
