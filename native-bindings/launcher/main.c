/* The launcher's loop: requests on fd 0, SIGCHLD through a signalfd. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launcher.h"

#define REQUESTS 0
#define ANSWERS 1
/* Received fds are moved here, out of the way of every dup2 target. */
#define HIGH_FD 64

static void answer(uint32_t kind, uint32_t id, int32_t pid, int32_t value) {
  struct launcher_answer a = {kind, id, pid, value};
  const char *at = (const char *)&a;
  size_t left = sizeof a;
  while (left > 0) {
    ssize_t n = write(ANSWERS, at, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(0); /* the caller stopped listening: it is gone */
    at += n;
    left -= (size_t)n;
  }
}

static int read_full(int fd, void *buf, size_t length) {
  char *at = buf;
  while (length > 0) {
    ssize_t n = read(fd, at, length);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    at += n;
    length -= (size_t)n;
  }
  return 0;
}

/* The header, with the fds that came with it (close-on-exec, moved high). */
static int receive_header(struct launch_request_header *header, int *fds, int *nfds) {
  union {
    struct cmsghdr align;
    char buf[CMSG_SPACE(sizeof(int) * LAUNCHER_MAX_FDS)];
  } control;
  struct iovec iov = {header, sizeof *header};
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof control.buf};
  ssize_t n;
  do n = recvmsg(REQUESTS, &msg, MSG_CMSG_CLOEXEC | MSG_WAITALL);
  while (n < 0 && errno == EINTR);
  if (n <= 0) return -1; /* EOF: the caller closed its end, or died */
  *nfds = 0;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    int count = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
    int *received = (int *)CMSG_DATA(c);
    for (int i = 0; i < count; i++) {
      int high = fcntl(received[i], F_DUPFD_CLOEXEC, HIGH_FD);
      close(received[i]);
      if (high >= 0 && *nfds < LAUNCHER_MAX_FDS) fds[(*nfds)++] = high;
      else if (high >= 0) close(high);
    }
  }
  if ((size_t)n < sizeof *header || (msg.msg_flags & MSG_CTRUNC)) return -2;
  return 0;
}

static void handle_request(int devnull) {
  struct launch_request_header header;
  int fds[LAUNCHER_MAX_FDS];
  int nfds = 0;
  int got = receive_header(&header, fds, &nfds);
  if (got == -1) exit(0);
  char *payload = NULL;
  int32_t result = -EPROTO;
  if (got == 0 && header.magic == LAUNCHER_MAGIC && header.payload_len <= LAUNCHER_MAX_PAYLOAD && header.nfds == (uint32_t)nfds) {
    payload = malloc(header.payload_len + 1);
    if (!payload || read_full(REQUESTS, payload, header.payload_len) < 0) exit(0);
    result = spawn_request(&header, payload, fds, devnull);
  } else {
    /* The stream cannot be trusted past a malformed request: say so, stop. */
    answer(ANSWER_FAILED, got == 0 ? header.id : 0, 0, EPROTO);
    fprintf(stderr, "mesos-containerizer-launcher: malformed request\n");
    exit(1);
  }
  free(payload);
  for (int i = 0; i < nfds; i++) close(fds[i]);
  if (result > 0) answer(ANSWER_STARTED, header.id, result, 0);
  else answer(ANSWER_FAILED, header.id, 0, -result);
}

static void reap(int sfd) {
  struct signalfd_siginfo si;
  while (read(sfd, &si, sizeof si) > 0) {
  }
  int status;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) answer(ANSWER_REAPED, 0, pid, status);
}

int main(int argc, char **argv) {
  /* argv[1]: the caller's pid. Dies with it, and notices if it is gone already. */
  if (argc != 2) {
    fprintf(stderr, "usage: mesos-containerizer-launcher CALLER_PID (started by the containerizer)\n");
    return 2;
  }
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != (pid_t)atoi(argv[1])) return 1;
  signal(SIGPIPE, SIG_IGN);
  fcntl(REQUESTS, F_SETFD, FD_CLOEXEC);
  fcntl(ANSWERS, F_SETFD, FD_CLOEXEC);
  int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, NULL);
  int sfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
  if (devnull < 0 || sfd < 0) {
    perror("mesos-containerizer-launcher");
    return 1;
  }
  struct pollfd watched[2] = {{REQUESTS, POLLIN, 0}, {sfd, POLLIN, 0}};
  for (;;) {
    if (poll(watched, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return 1;
    }
    if (watched[1].revents) reap(sfd);
    if (watched[0].revents) handle_request(devnull);
  }
}
