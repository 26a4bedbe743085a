/* OCI hooks: a program run with the container's state JSON on its stdin,
 * its own args and env (nothing of ours), within its timeout. Its output is
 * kept (the start of it) for the error message; once it exited we stop
 * reading, so a hook that left a daemon holding the pipe cannot hang us. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "oci.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

__attribute__((noreturn)) static void exec_hook(const struct hook *h, int in, int out) {
  dup2(in, 0);
  dup2(out, 1);
  dup2(out, 2);
  for (int fd = 3; fd < 1024; fd++) close(fd);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  char *default_argv[] = {(char *)h->path, NULL};
  execve(h->path, h->argv && h->argv[0] ? h->argv : default_argv, h->envp);
  dprintf(2, "cannot execute: %s", strerror(errno));
  _exit(127);
}

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 0 when the hook exited 0; else -1 and why (one line). */
int run_hook(const struct hook *h, const char *state, char *why, size_t why_size) {
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0) {
    snprintf(why, why_size, "cannot create a pipe: %s", strerror(errno));
    return -1;
  }
  pid_t pid = fork();
  if (pid < 0) {
    snprintf(why, why_size, "cannot fork: %s", strerror(errno));
    return -1;
  }
  if (pid == 0) exec_hook(h, in[0], out[1]);
  close(in[0]);
  close(out[1]);
  int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
  fcntl(in[1], F_SETFL, O_NONBLOCK);
  signal(SIGPIPE, SIG_IGN);
  size_t state_left = strlen(state), got = 0;
  char output[512];
  long long deadline = h->timeout > 0 ? now_ms() + (long long)h->timeout * 1000 : -1;
  int exited = 0, timed_out = 0;
  while (!exited) {
    struct pollfd fds[3] = {{pidfd, POLLIN, 0}, {out[0], POLLIN, 0}, {state_left ? in[1] : -1, POLLOUT, 0}};
    int wait = deadline < 0 ? -1 : (int)(deadline - now_ms());
    if (deadline >= 0 && wait <= 0) {
      kill(pid, SIGKILL);
      timed_out = 1;
      break;
    }
    if (poll(fds, 3, wait) < 0 && errno != EINTR) break;
    if (fds[2].revents) {
      ssize_t n = write(in[1], state, state_left);
      if (n > 0) state += n, state_left -= (size_t)n;
      if (n < 0 && errno != EAGAIN) state_left = 0;
      if (!state_left) close(in[1]), in[1] = -1;
    }
    if (fds[1].revents) {
      char buf[512];
      ssize_t n = read(out[0], buf, sizeof(buf));
      if (n > 0 && got < sizeof(output) - 1) {
        size_t take = (size_t)n < sizeof(output) - 1 - got ? (size_t)n : sizeof(output) - 1 - got;
        memcpy(output + got, buf, take);
        got += take;
      }
      if (n == 0) out[0] = (close(out[0]), -1);
    }
    if (fds[0].revents || pidfd < 0) exited = 1;
  }
  if (in[1] >= 0) close(in[1]);
  if (out[0] >= 0) close(out[0]);
  if (pidfd >= 0) close(pidfd);
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) continue;
  output[got] = '\0';
  for (char *p = output; *p; p++)
    if (*p == '\n' || *p == '\r') *p = ' ';
  if (timed_out) snprintf(why, why_size, "hook %s timed out after %d s", h->path, h->timeout);
  else if (WIFSIGNALED(status)) snprintf(why, why_size, "hook %s was killed by signal %d", h->path, WTERMSIG(status));
  else if (WEXITSTATUS(status) != 0)
    snprintf(why, why_size, "hook %s exited with status %d%s%s", h->path, WEXITSTATUS(status), got ? ": " : "", output);
  else return 0;
  return -1;
}

/* The hooks file: per hook, KIND TIMEOUT PATH ARGC ARGS... ENVC ENV..., each word ended by NUL. */
static char *next_word(char **p, char *end) {
  if (*p >= end) return NULL;
  char *w = *p;
  *p += strlen(w) + 1;
  return w;
}

/* Runs the hooks of `kind` recorded at create. Returns the number that failed
 * (each one logged as a warning), or stops at the first when told to. */
int run_recorded_hooks(const struct record *r, const char *kind, enum status st, int stop_at_failure) {
  char path[4200];
  snprintf(path, sizeof(path), "%s/hooks", r->dir);
  size_t length;
  char *text = read_small_file(path, 4 << 20, &length);
  if (!text) return 0;
  char *p = text, *end = text + length;
  char *state = state_json(r, st);
  int failed = 0;
  for (char *k; (k = next_word(&p, end)) != NULL;) {
    struct hook h = {0};
    int timeout = atoi(next_word(&p, end) ?: "0");
    h.path = next_word(&p, end);
    int argc = atoi(next_word(&p, end) ?: "0");
    char **argv = calloc((size_t)argc + 1, sizeof(char *));
    for (int i = 0; i < argc; i++) argv[i] = next_word(&p, end);
    int envc = atoi(next_word(&p, end) ?: "0");
    char **envp = calloc((size_t)envc + 1, sizeof(char *));
    for (int i = 0; i < envc; i++) envp[i] = next_word(&p, end);
    h.timeout = timeout;
    h.argv = argv;
    h.envp = envp;
    char why[1024];
    if (h.path && strcmp(k, kind) == 0 && run_hook(&h, state, why, sizeof(why)) < 0) {
      log_warning("%s %s", kind, why);
      failed++;
    }
    free(argv);
    free(envp);
    if (failed && stop_at_failure) break;
  }
  free(state);
  free(text);
  return failed;
}
