/* exec's process, in the container's namespaces and cgroups (spawn.c joined
 * them): a terminal if asked, its settings, then exec. A failure is
 * reported; EOF on the report pipe (close-on-exec) means it runs. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "init.h"

void run_exec_child(struct plan *p, struct channel *ch) {
  int rfd = ch->report[1];
  close(ch->sync[0]);
  setsid();
  if (p->process.terminal) {
    int rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0) child_fail(rfd, errno, "cannot open the container's root");
    setup_console(rootfd, p->console_fd, 0, rfd);
    close(rootfd);
  }
  apply_process(&p->process, rfd);
  exec_process(&p->process, look_path(&p->process, rfd), rfd);
}
