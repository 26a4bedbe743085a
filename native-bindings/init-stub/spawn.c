/* Creating the container's init. With a v2 cgroup, clone3(CLONE_INTO_CGROUP)
 * puts it there from birth: a migration (writing cgroup.procs) takes the
 * kernel's cgroup_threadgroup_rwsem for writing, which waits for an RCU grace
 * period, 4-13 ms on an idle machine; that alone would double a launch. */
#include <errno.h>
#include <fcntl.h>
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

static pid_t clone_into(int cgroup_fd) {
  struct clone3_args args;
  memset(&args, 0, sizeof(args));
  args.flags = INTO_CGROUP;
  args.exit_signal = SIGCHLD;
  args.cgroup = (unsigned long long)cgroup_fd;
  return (pid_t)syscall(SYS_clone3, &args, sizeof(args));
}

/* Like fork(). *joined_by_clone tells init whether it still has to join
 * opts->clone_cgroup itself (a kernel without clone3 or CLONE_INTO_CGROUP). */
pid_t spawn_init(const struct options *opts, int *joined_by_clone) {
  *joined_by_clone = 0;
  if (opts->clone_cgroup) {
    int fd = open(opts->clone_cgroup, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) die(EXIT_STUB_FAILED, "cgroup", errno, "cannot open cgroup '%s'", opts->clone_cgroup);
    pid_t pid = clone_into(fd);
    int err = errno;
    close(fd);
    if (pid >= 0) {
      *joined_by_clone = 1;
      return pid;
    }
    if (err != ENOSYS && err != EINVAL && err != E2BIG)
      die(EXIT_STUB_FAILED, "cgroup", err, "cannot create the init in cgroup '%s'", opts->clone_cgroup);
  }
  return fork();
}
