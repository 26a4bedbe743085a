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
 *                           task runs: what to exec so that the CLI undoes
 *                           what it made and reports the error (hand_back.c).
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
#include <sys/wait.h>
#include <unistd.h>

#include "stub.h"

static struct {
  char *template_json;
  size_t template_length;
  int record_dir; /* the record's directory (the container's entry) */
  const char *record_name;
  const char *destroy_request;
  int lock_fd;
} hand = {NULL, 0, -1, NULL, NULL, -1};

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

/* A handed-over launch: the record names the init before the task may
 * start, and a destroy asked for meanwhile keeps it from starting. Returns
 * 0 when the task was released; else the init is gone and *why says why. */
int hand_over_release(const struct options *opts, pid_t init, unsigned long long init_start,
                               unsigned long long pid_ns, int release_fd, struct report *why, int *status) {
  int stopped = 0;
  if (hand_over_record(init, init_start, pid_ns, opts->unshare_pid) < 0) {
    format_report(why, "record", errno, EXIT_STUB_FAILED, "cannot write its record %s", opts->record);
    stopped = 1;
  } else if (hand_over_destroy_requested()) {
    format_report(why, "sync", 0, EXIT_STUB_FAILED, "it was destroyed during launch");
    stopped = 1;
  } else if (write(release_fd, "x", 1) != 1) {
    format_report(why, "sync", errno, EXIT_STUB_FAILED, "cannot release its task");
    stopped = 1;
  }
  close(release_fd);
  if (!stopped) return 0;
  kill(init, SIGKILL); /* it waits for the release: nothing of the task ran */
  while (waitpid(init, status, 0) < 0 && errno == EINTR) continue;
  return -1;
}

/* How the foreground launch ends: its line about a limitation, its exit code. */
int hand_over_exit_code(const struct options *opts, int exit_code, int signal_number) {
  const char *limitation = limitation_message();
  if (limitation && opts->record) {
    dprintf(STDERR_FILENO, "mesos-containerizer: container '%s': %s\n", opts->container_id, limitation);
    return signal_number > 0 ? 128 + signal_number : 128 + SIGKILL;
  }
  return signal_number > 0 ? 128 + signal_number : exit_code;
}
