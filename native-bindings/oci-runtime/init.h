/* The container's init and exec'd processes: what Node's plan asks for
 * (plan.c parses its words), and the stages that carry it out. */
#ifndef MESOS_OCI_INIT_H
#define MESOS_OCI_INIT_H

#include <sys/types.h>

#include "oci.h"

#define MAX_NAMESPACES 8

struct mount_plan {
  const char *source, *target, *type, *data;
  unsigned long flags;       /* MS_* given to mount(2) */
  unsigned long propagation; /* MS_SHARED|MS_SLAVE|MS_PRIVATE|MS_UNBINDABLE (| MS_REC), 0: none */
  int recursive_readonly;    /* rro */
};

struct device_plan {
  const char *path;
  char type; /* c, b, p (u is c) */
  unsigned major, minor, mode, uid, gid;
};

struct ns_plan {
  int type;         /* CLONE_NEW* */
  const char *path; /* NULL: a new one */
};

struct rlimit_plan {
  int resource;
  unsigned long long soft, hard;
};

struct caps_plan {
  int set; /* process.capabilities given: the five sets are exactly these */
  unsigned long long bounding, effective, permitted, inheritable, ambient;
};

struct list {
  const char **v;
  int n;
};

struct hook_list {
  struct hook *v;
  int n;
};

struct process_plan {
  const char **argv; /* NULL-terminated */
  struct list env;   /* NAME=VALUE */
  const char *cwd;
  int terminal;
  int has_user;
  uid_t uid;
  gid_t gid;
  gid_t *groups;
  int n_groups;
  int has_umask;
  mode_t umask;
  struct caps_plan caps;
  int no_new_privs;
  struct rlimit_plan *rlimits;
  int n_rlimits;
  int has_oom_score_adj;
  int oom_score_adj;
};

struct plan {
  /* where the container's processes live */
  const char *clone_cgroup; /* a v2 cgroup, entered at birth (clone3) */
  struct list cgroups;      /* v1 cgroups, joined by writing cgroup.procs */
  struct ns_plan ns[MAX_NAMESPACES];
  int n_ns;
  struct list uid_map, gid_map; /* "inside outside count" lines */
  /* the filesystem (create) */
  const char *rootfs;
  int readonly_rootfs;
  unsigned long rootfs_propagation; /* 0: rslave, as runc */
  struct mount_plan *mounts;
  int n_mounts;
  struct device_plan *devices;
  int n_devices;
  struct list symlinks; /* pairs: target, link */
  struct list masked, readonly;
  struct list sysctls; /* pairs: name, value */
  const char *hostname, *domainname;
  struct hook_list create_container, start_container;
  int has_runtime_hooks; /* prestart / createRuntime: the front-end runs them, asked by the init */
  struct process_plan process;
  /* set by the front-end, not by Node */
  const char *fifo;
  int fifo_fd; /* its read end, opened by the middle as the host's root (a user namespace could not) */
  int no_pivot, no_new_keyring;
  const char *keyring_name;
  int console_fd;
  pid_t exec_pid; /* exec: join this init's namespaces */
  unsigned long long exec_start_time;
};

void parse_plan(struct words *w, struct plan *p);

/* The report pipe (children -> front-end) and sync pipe (front-end -> children). */
enum report_kind { R_ERROR = 1, R_MAPS, R_PID, R_HOOKS, R_READY };
struct report {
  int kind;
  int value; /* R_PID: the pid */
  int error; /* errno */
  char text[1536];
};
struct channel {
  int report[2];
  int sync[2];
};
__attribute__((noreturn, format(printf, 3, 4))) void child_fail(int report_fd, int err, const char *fmt, ...);
void report_send(int fd, int kind, int value);
int read_report(int fd, struct report *r);
int wait_sync(int fd);

/* spawn.c: fork the process that joins or makes namespaces and forks the init */
pid_t spawn_container(struct plan *p, struct channel *ch);

/* namespaces.c: in the middle; the maps are written by the front-end */
void enter_namespaces(const struct plan *p, struct channel *ch);
void write_id_maps(pid_t pid, const struct plan *p);

/* container_init.c / exec_child.c: the init and the exec'd process */
__attribute__((noreturn)) void run_container_init(struct plan *p, struct channel *ch);
__attribute__((noreturn)) void run_exec_child(struct plan *p, struct channel *ch);

/* rootfs.c, mount_target.c, devices.c, pivot.c, paths.c */
void prepare_rootfs(const struct plan *p, int report_fd, int *rootfd, int console_socket);
int open_in_root(int rootfd, const char *path, int flags);
int make_target(int rootfd, const char *path, int as_file);
const char *fd_path(int fd, char *buf, size_t size);
unsigned long kept_mount_flags(const char *path);
int plan_has_user_ns(const struct plan *p);
int plan_has_mount_ns(const struct plan *p);
void create_devices(const struct plan *p, int rootfd, int report_fd);
void enter_rootfs(const struct plan *p, int report_fd);
void mask_and_protect_paths(const struct plan *p, int rootfd, int report_fd);

/* console.c */
void setup_console(int rootfd, int socket_fd, int bind_console, int report_fd);

/* process.c: the last steps, shared by the init and exec */
void apply_process(const struct process_plan *pp, int report_fd);
const char *look_path(const struct process_plan *pp, int report_fd);
__attribute__((noreturn)) void exec_process(const struct process_plan *pp, const char *path, int report_fd);
int apply_caps(const struct caps_plan *c);

/* sysctl.c */
void apply_sysctls(const struct plan *p, int rootfd, int report_fd);

#endif
