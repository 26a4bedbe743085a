/* The channel between the front-end and the processes it forks: reports
 * up (fixed-size messages below PIPE_BUF, so each write is whole), bytes
 * down (maps written, hooks run, or EOF: give up). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "init.h"

void report_send(int fd, int kind, int value) {
  struct report r;
  memset(&r, 0, sizeof(r));
  r.kind = kind;
  r.value = value;
  write_all(fd, &r, sizeof(r));
}

void child_fail(int report_fd, int err, const char *fmt, ...) {
  struct report r;
  memset(&r, 0, sizeof(r));
  r.kind = R_ERROR;
  r.error = err;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(r.text, sizeof(r.text), fmt, ap);
  va_end(ap);
  if (err && n >= 0 && (size_t)n < sizeof(r.text)) snprintf(r.text + n, sizeof(r.text) - (size_t)n, ": %s", strerror(err));
  write_all(report_fd, &r, sizeof(r));
  _exit(1);
}

/* 0 on a whole report, -1 at EOF. */
int read_report(int fd, struct report *r) {
  ssize_t n;
  do n = read(fd, r, sizeof(*r));
  while (n < 0 && errno == EINTR);
  if (n != (ssize_t)sizeof(*r)) return -1;
  r->text[sizeof(r->text) - 1] = '\0';
  return 0;
}

/* 0 when the front-end says go on, -1 when it went away. */
int wait_sync(int fd) {
  char byte;
  ssize_t n;
  do n = read(fd, &byte, 1);
  while (n < 0 && errno == EINTR);
  return n == 1 ? 0 : -1;
}
