/* Creating the container's init, in one clone3 call: in a new pid namespace
 * (CLONE_NEWPID: only the child is in it; the outer process keeps its own,
 * for itself and for any thread or child it makes, so that a CLI it execs
 * again can start threads), and with a v2 cgroup directly in that cgroup
 * (CLONE_INTO_CGROUP): a migration (writing cgroup.procs) takes the kernel's
 * cgroup_threadgroup_rwsem for writing, which waits for an RCU grace
 * period, 4-13 ms on an idle machine; that alone would double a launch.
 * Kernels before 5.3 (no clone3) or 5.7 (no CLONE_INTO_CGROUP) get clone(2),
 * and the init joins its cgroup itself. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "stub.h"

/* The kernel ABI of clone3 up to its cgroup field (CLONE_ARGS_SIZE_VER2), so
 * that no kernel headers are needed: musl toolchains often have none. */
#ifndef SYS_clone3
#define SYS_clone3 435 /* the same on every architecture (unified table) */
#endif
#define INTO_CGROUP 0x200000000ULL /* CLONE_INTO_CGROUP, Linux 5.7 */
struct clone3_args {
  unsigned long long flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size,
      cgroup;
};

static pid_t clone3_call(unsigned long long flags, int cgroup_fd) {
  struct clone3_args args;
  memset(&args, 0, sizeof(args));
  args.flags = flags | (cgroup_fd >= 0 ? INTO_CGROUP : 0);
  args.exit_signal = SIGCHLD;
  args.cgroup = cgroup_fd >= 0 ? (unsigned long long)cgroup_fd : 0;
  return (pid_t)syscall(SYS_clone3, &args, sizeof(args));
}

/* Like fork(), into a new pid namespace when new_pid_ns. *joined_by_clone
 * tells the init whether it still has to join opts->clone_cgroup itself. */
pid_t spawn_init(const struct options *opts, int new_pid_ns, int *joined_by_clone) {
  *joined_by_clone = 0;
  unsigned long long flags = new_pid_ns ? CLONE_NEWPID : 0;
  if (opts->clone_cgroup) {
    int fd = open(opts->clone_cgroup, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) die(EXIT_STUB_FAILED, "cgroup", errno, "cannot open cgroup '%s'", opts->clone_cgroup);
    pid_t pid = clone3_call(flags, fd);
    int err = errno;
    close(fd);
    if (pid >= 0) {
      *joined_by_clone = 1;
      return pid;
    }
    if (err != ENOSYS && err != EINVAL && err != E2BIG)
      die(EXIT_STUB_FAILED, "cgroup", err, "cannot create the init in cgroup '%s'", opts->clone_cgroup);
  }
  if (!new_pid_ns) return fork();
  pid_t pid = clone3_call(flags, -1);
  if (pid >= 0 || errno != ENOSYS) return pid;
  /* clone(2) without a stack is fork(), here into a new pid namespace */
  return (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
}
