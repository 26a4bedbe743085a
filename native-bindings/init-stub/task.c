/* The last steps before the task runs, shared by launch (under init) and
 * enter: default signals, the user, exec. A failure is written to a
 * close-on-exec pipe, so the parent learns of it (EOF means the exec worked). */
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stub.h"

void become_task(const struct options *opts, const struct user_ids *user, int failure_fd) {
  reset_signals_for_exec();
  struct task_failure f = {TASK_STAGE_USER, 0};
  if (switch_user(user) == 0) {
    const char *program = opts->argv[0];
    if (opts->argv0) opts->argv[0] = (char *)opts->argv0;
    execvp(program, opts->argv);
    f.stage = TASK_STAGE_EXEC;
  }
  f.error = errno;
  task_failed(failure_fd, f);
}

void task_failed(int failure_fd, struct task_failure f) {
  write_all(failure_fd, (const char *)&f, sizeof(f));
  _exit(f.stage == TASK_STAGE_EXEC && f.error == ENOENT ? EXIT_NOT_FOUND
        : f.stage == TASK_STAGE_SETUP                   ? EXIT_STUB_FAILED
                                                        : EXIT_CANNOT_EXECUTE);
}

int exit_code_of(int status) {
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

void describe_task_failure(struct report *r, const struct task_failure *f, int status, const struct options *opts,
                           const struct user_ids *user) {
  if (f->stage == TASK_STAGE_USER)
    format_report(r, "user", f->error, status, "cannot switch to user '%s'", user->name);
  else if (f->stage == TASK_STAGE_SETUP)
    format_report(r, "enter", f->error, status, "cannot join the container's cgroup, mount namespace or sandbox");
  else
    format_report(r, "exec", f->error, status, "cannot execute '%s'", opts->argv[0]);
}
