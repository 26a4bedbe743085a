/* The last steps before the task runs, shared by launch (under init) and
 * enter: default signals, capabilities, the user, the task's environment, no
 * inherited fds, exec. A failure is written to a close-on-exec pipe, so the
 * parent learns of it (EOF means the exec worked). */
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stub.h"

extern char **environ;

__attribute__((noreturn)) static void failed_at(int failure_fd, int stage) {
  struct task_failure f = {stage, errno};
  task_failed(failure_fd, f);
}

void become_task(const struct options *opts, const struct user_ids *user, int failure_fd) {
  reset_signals_for_exec();
  if (caps_before_user(&opts->caps, user->set) < 0) failed_at(failure_fd, TASK_STAGE_CAPS);
  if (switch_user(user) < 0) failed_at(failure_fd, TASK_STAGE_USER);
  if (caps_after_user(&opts->caps) < 0) failed_at(failure_fd, TASK_STAGE_CAPS);

  /* Only now, with the task's credentials, does its environment apply: the
   * PATH search of execvp reads it, and so does ld.so in the new program. */
  char **envp = opts->task_env;
  user_env(&envp, user);
  environ = envp;
  cloexec_inherited_fds();
  const char *program = opts->argv[0];
  if (opts->argv0) opts->argv[0] = (char *)opts->argv0;
  execvp(program, opts->argv);
  failed_at(failure_fd, TASK_STAGE_EXEC);
}

void task_failed(int failure_fd, struct task_failure f) {
  write_all(failure_fd, (const char *)&f, sizeof(f));
  _exit(f.stage == TASK_STAGE_EXEC && f.error == ENOENT ? EXIT_NOT_FOUND
        : f.stage == TASK_STAGE_EXEC || f.stage == TASK_STAGE_USER ? EXIT_CANNOT_EXECUTE
                                                                    : EXIT_STUB_FAILED);
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
  else if (f->stage == TASK_STAGE_CAPS)
    format_report(r, "capabilities", f->error, status, "cannot set the task's capabilities or no_new_privs");
  else
    format_report(r, "exec", f->error, status, "cannot execute '%s'", opts->argv[0]);
}
