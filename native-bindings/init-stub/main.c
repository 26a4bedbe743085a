#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>

#include "stub.h"

int main(int argc, char **argv) {
  struct options opts;
  title_remember(argc, argv);
  parse_options(argc, argv, &opts);
  /* Only what we were given: a CLI that exec'ed us may have held more. */
  int keep[] = {opts.status_fd, opts.sync_fd, opts.env_fd, opts.record_template_fd, opts.lock_fd};
  close_fds_except(keep, 5);
  if (opts.sync_fd >= 0) fcntl(opts.sync_fd, F_SETFD, FD_CLOEXEC);
  opts.task_env = opts.env_fd >= 0 ? read_task_env(opts.env_fd) : calloc(1, sizeof(char *));
  if (!opts.task_env) die(EXIT_STUB_FAILED, "env", ENOMEM, "out of memory");
  if (opts.exit_file) exit_file_prepare(opts.exit_file);
  if (opts.record) hand_over_prepare(&opts);

  struct user_ids user;
  resolve_user(opts.user, &user);
  chown_tree(opts.chown_tree, &user);
  return opts.enter_pid ? run_enter(&opts, &user) : run_outer(&opts, &user);
}
