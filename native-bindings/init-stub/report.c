/* Two channels:
 *  - the report pipe, init -> outer: fixed-size struct report messages
 *    (smaller than PIPE_BUF, so each write is atomic);
 *  - the status fd, outer -> caller: one JSON object per line. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stub.h"

static int status_fd = -1;

int write_all(int fd, const char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, buf, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    buf += n;
    len -= (size_t)n;
  }
  return 0;
}

void status_open(int fd) {
  /* The task must not inherit it; a caller that went away must not kill us. */
  if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) return;
  status_fd = fd;
}

/* In the container's init: the status fd is the outer process's. */
void status_forget(void) {
  if (status_fd >= 0) close(status_fd);
  status_fd = -1;
}

/* A report comes from inside the container, where a root task can write to
 * the pipe (through /proc/1/fd): its strings are made terminated and its
 * stage a plain word before anything reads them. */
void report_sanitize(struct report *r) {
  r->stage[sizeof(r->stage) - 1] = '\0';
  r->text[sizeof(r->text) - 1] = '\0';
  for (char *c = r->stage; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-')) *c = '?';
}

void status_write_line(const char *s) {
  if (status_fd < 0) return;
  if (write_all(status_fd, s, strlen(s)) < 0) status_fd = -1; /* reader gone (detached launch) */
}

/* Writes s as a JSON string (with the escapes RFC 8259 requires) into dst,
 * truncating to fit; returns the length written, without a terminator. */
size_t json_escape(char *dst, size_t cap, const char *s) {
  size_t n = 0;
  dst[n++] = '"';
  for (; *s && n < cap - 8; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      dst[n++] = '\\';
      dst[n++] = (char)c;
    } else if (c == '\n') {
      dst[n++] = '\\';
      dst[n++] = 'n';
    } else if (c < 0x20) {
      n += (size_t)snprintf(dst + n, 8, "\\u%04x", c);
    } else {
      dst[n++] = (char)c;
    }
  }
  dst[n++] = '"';
  return n;
}

void status_event_init(pid_t init_pid) {
  char line[64];
  snprintf(line, sizeof(line), "{\"event\":\"init\",\"pid\":%d}\n", (int)init_pid);
  status_write_line(line);
}

void status_event_running(pid_t task_ns_pid) {
  char line[64];
  snprintf(line, sizeof(line), "{\"event\":\"running\",\"task_pid\":%d}\n", (int)task_ns_pid);
  status_write_line(line);
}

void status_event_exit(int exit_code, int signal) {
  char line[96];
  if (signal > 0)
    snprintf(line, sizeof(line), "{\"event\":\"exit\",\"exit_code\":null,\"signal\":%d}\n", signal);
  else
    snprintf(line, sizeof(line), "{\"event\":\"exit\",\"exit_code\":%d,\"signal\":null}\n", exit_code);
  status_write_line(line);
}

static const char *errno_code(int err) {
  const char *name = err ? errno_name(err) : NULL;
  return name ? name : "";
}

/* One JSON line (with its newline) into line, truncating the message to fit. */
void format_error_event(char *line, size_t cap, const struct report *r) {
  int n = snprintf(line, cap, "{\"event\":\"error\",\"stage\":\"%s\",\"errno\":%d,\"code\":\"%s\",\"status\":%d,\"message\":",
                   r->stage, r->error, errno_code(r->error), r->status);
  size_t used = (size_t)n + json_escape(line + n, cap - (size_t)n - 4, r->text);
  memcpy(line + used, "}\n", 3);
}

void status_event_error(const struct report *r) {
  if (status_fd < 0) return;
  /* Built in one buffer so the line reaches the pipe in one write. */
  char line[3 * sizeof(r->text)];
  format_error_event(line, sizeof(line), r);
  status_write_line(line);
}

static void format_report_v(struct report *r, const char *stage, int err, int status, const char *fmt,
                            va_list ap) {
  memset(r, 0, sizeof(*r));
  r->kind = REPORT_ERROR;
  r->error = err;
  r->status = status;
  snprintf(r->stage, sizeof(r->stage), "%s", stage);
  int n = vsnprintf(r->text, sizeof(r->text), fmt, ap);
  if (err && n >= 0 && (size_t)n < sizeof(r->text))
    snprintf(r->text + n, sizeof(r->text) - (size_t)n, ": %s", strerror(err));
}

void format_report(struct report *r, const char *stage, int err, int status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  format_report_v(r, stage, err, status, fmt, ap);
  va_end(ap);
}

void report_send(int fd, const struct report *r) {
  write_all(fd, (const char *)r, sizeof(*r));
}

void report_error(int fd, const char *stage, int err, int status, const char *fmt, ...) {
  struct report r;
  va_list ap;
  va_start(ap, fmt);
  format_report_v(&r, stage, err, status, fmt, ap);
  va_end(ap);
  report_send(fd, &r);
}

void die(int status, const char *stage, int err, const char *fmt, ...) {
  struct report r;
  va_list ap;
  va_start(ap, fmt);
  format_report_v(&r, stage, err, status, fmt, ap);
  va_end(ap);
  if (status_fd >= 0) status_event_error(&r);
  else if (!hand_back_set()) dprintf(STDERR_FILENO, STUB_NAME ": %s\n", r.text); /* nobody reads a status fd */
  exit_file_write(status, 0, &r);
  if (hand_back_set()) hand_back(&r); /* a handed-over launch: the CLI undoes and reports */
  exit(status);
}
