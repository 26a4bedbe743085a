/* The hand-back of a launch the CLI handed over (hand_over.c): when it fails
 * before its task runs (or a destroy stops it), the stub execs the CLI again
 * with the command line and environment the CLI passed on --hand-back-fd
 * (NUL-ended entries: argv, an empty entry, env), the error added as
 * MESOS_CONTAINERIZER_HANDED_BACK (the status fd's JSON error event), and the
 * container's lock still open: the CLI then undoes what the launch made and
 * reports the error as a launch always does. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stub.h"

#define HANDED_BACK_VARIABLE "MESOS_CONTAINERIZER_HANDED_BACK"
static char **hand_back_argv; /* NULL: nobody to hand back to */
static char **hand_back_env;

/* NUL-ended entries from `data` until an empty one (or the end); *next is past it. */
static char **split_entries(char *data, size_t length, size_t *next) {
  size_t count = 0, i = *next;
  for (size_t j = i; j < length && data[j] != '\0'; j += strlen(data + j) + 1) count++;
  char **list = calloc(count + 1, sizeof(*list));
  if (!list) return NULL;
  for (size_t k = 0; k < count; k++, i += strlen(data + i) + 1) list[k] = data + i;
  *next = i + 1;
  return list;
}

/* First, so that even a refused option hands back: the CLI's command line. */
void hand_back_load(int fd) {
  size_t length;
  char *data = read_fd(fd, &length);
  close(fd);
  if (!data || length == 0 || data[length - 1] != '\0') return; /* then a failure is only printed */
  size_t at = 0;
  char **argv = split_entries(data, length, &at);
  char **env = at < length ? split_entries(data, length, &at) : calloc(1, sizeof(char *));
  if (argv && argv[0] && env) {
    hand_back_argv = argv;
    hand_back_env = env;
  }
}

int hand_back_set(void) { return hand_back_argv != NULL; }

/* The error as the CLI reads it: the status fd's JSON error event. */
static char *handed_back_entry(const struct report *r) {
  size_t cap = sizeof(HANDED_BACK_VARIABLE) + 3 * sizeof(r->text) + 256;
  char *entry = malloc(cap);
  if (!entry) return NULL;
  int n = snprintf(entry, cap, HANDED_BACK_VARIABLE "=");
  format_error_event(entry + n, cap - (size_t)n, r);
  entry[strcspn(entry, "\n")] = '\0';
  return entry;
}

void hand_back(const struct report *r) {
  char *entry = hand_back_argv ? handed_back_entry(r) : NULL;
  if (entry) {
    size_t count = 0;
    while (hand_back_env[count]) count++;
    char **env = calloc(count + 2, sizeof(*env));
    if (env) {
      memcpy(env, hand_back_env, count * sizeof(*env));
      env[count] = entry;
      /* The CLI starts as it was started: no signal of ours blocked or ignored. */
      sigset_t none;
      sigemptyset(&none);
      sigprocmask(SIG_SETMASK, &none, NULL);
      signal(SIGPIPE, SIG_DFL);
      execve(hand_back_argv[0], hand_back_argv, env);
      dprintf(STDERR_FILENO, "mesos-containerizer: %s (and what the launch made is left: %s cannot be executed: %s)\n", r->text,
              hand_back_argv[0], strerror(errno));
      _exit(r->status);
    }
  }
  dprintf(STDERR_FILENO, "mesos-containerizer: %s\n", r->text);
  _exit(r->status);
}
