/* One request: the stub, posix_spawn()ed with exactly the fds it was sent
 * (each dup2()ed onto its target number; 0-2 not sent are /dev/null), an
 * empty environment, default signal dispositions, an empty signal mask,
 * and, when asked, a session of its own. */
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>

#include "launcher.h"

static int parse_argv(const struct launch_request_header *header, const char *strings, size_t length, char **argv) {
  size_t at = 0;
  for (uint32_t i = 0; i < header->argc; i++) {
    const char *end = memchr(strings + at, '\0', length - at);
    if (!end) return -1;
    argv[i] = (char *)(strings + at);
    at = (size_t)(end - strings) + 1;
  }
  argv[header->argc] = NULL;
  return at == length ? 0 : -1;
}

pid_t spawn_request(const struct launch_request_header *header, const char *payload, const int *fds, int devnull) {
  size_t targets_len = header->nfds * sizeof(int32_t);
  if (header->argc < 1 || header->payload_len < targets_len) return -EINVAL;
  int32_t targets[LAUNCHER_MAX_FDS];
  memcpy(targets, payload, targets_len);
  char **argv = calloc(header->argc + 1, sizeof(char *));
  if (!argv) return -ENOMEM;
  if (parse_argv(header, payload + targets_len, header->payload_len - targets_len, argv) < 0) {
    free(argv);
    return -EINVAL;
  }

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  int given[3] = {0, 0, 0};
  int bad = 0;
  for (uint32_t i = 0; i < header->nfds; i++) {
    if (targets[i] < 0 || targets[i] >= 64) bad = 1;
    else if (targets[i] < 3) given[targets[i]] = 1;
    /* The received fds are close-on-exec and numbered above 64 (main.c):
     * a dup2 never lands on one of them, and only the targets survive. */
    if (!bad) posix_spawn_file_actions_adddup2(&actions, fds[i], targets[i]);
  }
  for (int fd = 0; fd < 3; fd++)
    if (!given[fd]) posix_spawn_file_actions_adddup2(&actions, devnull, fd);

  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
  if (header->flags & LAUNCH_NEW_SESSION) flags |= POSIX_SPAWN_SETSID;
  posix_spawnattr_setflags(&attr, flags);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setsigmask(&attr, &none);

  pid_t pid = -EINVAL;
  if (!bad) {
    char *empty_env[] = {NULL};
    int error = posix_spawn(&pid, argv[0], &actions, &attr, argv, empty_env);
    if (error != 0) pid = -error;
  }
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  free(argv);
  return pid;
}
