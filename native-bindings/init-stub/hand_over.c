/* A foreground launch hands itself over to the stub: the CLI prepares the
 * container (claim, sandbox, cgroups, isolators, the record), then replaces
 * itself with this program (execve), which is then the process its caller
 * waits for. No process of the CLI is left to do what it did between the
 * init's birth and the task's release, so the stub does it:
 *
 *   --record FILE           writes the container's record (state.json) naming
 *                           the init and this process (its monitor), durably,
 *                           before the task may start: from the record the
 *                           CLI passed on --record-template-fd, complete but
 *                           for these fields (a JSON object; they are added
 *                           before its closing brace);
 *   --destroy-request FILE  a destroy asked for meanwhile (FILE exists once
 *                           the record is written): the task is not released;
 *   --lock-fd FD            the container's lock (flock), held until the
 *                           task runs;
 *   --hand-back-fd FD       when the launch fails (or is stopped) before the
 *                           task runs: the CLI's command line and environment
 *                           (NUL-ended entries, argv, an empty entry, env), to
 *                           exec again so that it undoes what it made and
 *                           reports the error as a launch always does; the
 *                           error is in MESOS_CONTAINERIZER_HANDED_BACK.
 *
 * The init is released by this process (an internal pipe), not by a caller. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stub.h"

#define HANDED_BACK_VARIABLE "MESOS_CONTAINERIZER_HANDED_BACK"

static struct {
  char *template_json;
  size_t template_length;
  int record_dir; /* the record's directory (the container's entry) */
  const char *record_name;
  const char *destroy_request;
  int lock_fd;
  char **argv; /* to hand back to; NULL: nobody to hand back to */
  char **env;
} hand = {NULL, 0, -1, NULL, NULL, -1, NULL, NULL};

/* Everything an fd holds, to its end; NULL (errno set) on failure. */
static char *read_fd(int fd, size_t *length) {
  size_t cap = 4096, used = 0;
  char *buf = malloc(cap);
  while (buf) {
    if (used == cap) {
      char *grown = cap < (16u << 20) ? realloc(buf, cap *= 2) : NULL;
      if (!grown) {
        free(buf);
        errno = E2BIG;
        return NULL;
      }
      buf = grown;
    }
    ssize_t n = read(fd, buf + used, cap - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      free(buf);
      errno = err;
      return NULL;
    }
    if (n == 0) break;
    used += (size_t)n;
  }
  *length = used;
  return buf;
}

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
    hand.argv = argv;
    hand.env = env;
  }
}

int hand_back_set(void) { return hand.argv != NULL; }

void hand_over_prepare(const struct options *opts) {
  size_t length;
  hand.template_json = read_fd(opts->record_template_fd, &length);
  close(opts->record_template_fd);
  if (!hand.template_json) die(EXIT_STUB_FAILED, "record", errno, "cannot read the record of container '%s'", opts->container_id);
  while (length > 0 && (hand.template_json[length - 1] == '\n' || hand.template_json[length - 1] == ' ')) length--;
  if (length < 2 || hand.template_json[0] != '{' || hand.template_json[length - 1] != '}')
    die(EXIT_STUB_FAILED, "options", 0, "--record-template-fd does not hold a JSON object");
  hand.template_length = length - 1; /* without its closing brace */

  char copy[4096];
  snprintf(copy, sizeof(copy), "%s", opts->record);
  hand.record_dir = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (hand.record_dir < 0) die(EXIT_STUB_FAILED, "record", errno, "cannot open the directory of '%s'", opts->record);
  hand.record_name = strrchr(opts->record, '/') ? strrchr(opts->record, '/') + 1 : opts->record;
  hand.destroy_request = opts->destroy_request;
  hand.lock_fd = opts->lock_fd;
}

/* In the container's init: none of this is its business. */
void hand_over_forget(void) {
  if (hand.record_dir >= 0) close(hand.record_dir);
  hand.record_dir = -1;
  hand.lock_fd = -1; /* closed with the other inherited fds */
}

int hand_over_record(pid_t init, unsigned long long init_start, unsigned long long pid_ns, int new_pid_ns) {
  size_t cap = hand.template_length + 256;
  char *text = malloc(cap);
  if (!text) return -1;
  memcpy(text, hand.template_json, hand.template_length);
  size_t n = hand.template_length;
  n += (size_t)snprintf(text + n, cap - n,
                        ",\"monitor\":{\"pid\":%d,\"startTime\":%llu},\"init\":{\"pid\":%d,\"startTime\":%llu},"
                        "\"pidNamespace\":%llu,\"newPidNamespace\":%s}\n",
                        (int)getpid(), start_time_of(getpid()), (int)init, init_start, pid_ns, new_pid_ns ? "true" : "false");
  int result = write_durably(hand.record_dir, hand.record_name, text, n, 0600);
  int err = errno;
  free(text);
  errno = err;
  return result;
}

int hand_over_destroy_requested(void) {
  return hand.destroy_request && access(hand.destroy_request, F_OK) == 0;
}

/* The task runs: the lock goes, and destroy, gc... may act on the container. */
void hand_over_task_running(void) {
  if (hand.lock_fd >= 0) close(hand.lock_fd);
  hand.lock_fd = -1;
}

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
  char *entry = hand.argv ? handed_back_entry(r) : NULL;
  if (entry) {
    size_t count = 0;
    while (hand.env[count]) count++;
    char **env = calloc(count + 2, sizeof(*env));
    if (env) {
      memcpy(env, hand.env, count * sizeof(*env));
      env[count] = entry;
      /* The CLI starts as it was started: no signal of ours blocked or ignored. */
      sigset_t none;
      sigemptyset(&none);
      sigprocmask(SIG_SETMASK, &none, NULL);
      signal(SIGPIPE, SIG_DFL);
      execve(hand.argv[0], hand.argv, env);
      dprintf(STDERR_FILENO, "mesos-containerizer: %s (and what the launch made is left: %s cannot be executed: %s)\n", r->text,
              hand.argv[0], strerror(errno));
      _exit(r->status);
    }
  }
  dprintf(STDERR_FILENO, "mesos-containerizer: %s\n", r->text);
  _exit(r->status);
}
