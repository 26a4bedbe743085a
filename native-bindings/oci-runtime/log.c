/* Errors and warnings. An error goes to stderr and, as one line, to the
 * --log file: containerd's shim shows the "msg" of the last error line of
 * that file to the user, and matches texts such as "container not running"
 * and "does not exist" in stderr. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "oci.h"

static const char *log_path;
static int log_json;
static void (*cleanup)(void);

void on_fail(void (*fn)(void)) {
  cleanup = fn;
}

void log_open(const struct call *c) {
  log_path = c->log_path;
  log_json = c->log_json;
}

int write_all(int fd, const void *buf, size_t len) {
  const char *p = buf;
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

/* s as a JSON string, quotes included, truncated to fit cap (>= 16). */
size_t json_string(char *dst, size_t cap, const char *s) {
  size_t n = 0;
  dst[n++] = '"';
  for (; *s && n + 8 < cap; s++) {
    unsigned char ch = (unsigned char)*s;
    if (ch == '"' || ch == '\\') {
      dst[n++] = '\\';
      dst[n++] = (char)ch;
    } else if (ch == '\n') {
      dst[n++] = '\\';
      dst[n++] = 'n';
    } else if (ch < 0x20 || ch == 0x7f) {
      n += (size_t)snprintf(dst + n, 8, "\\u%04x", ch);
    } else {
      dst[n++] = (char)ch;
    }
  }
  dst[n++] = '"';
  dst[n] = '\0';
  return n;
}

static void now_rfc3339(char *out, size_t size) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm;
  gmtime_r(&ts.tv_sec, &tm);
  size_t n = strftime(out, size, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(out + n, size - n, ".%09ldZ", ts.tv_nsec);
}

static void log_line(const char *level, const char *msg) {
  if (!log_path) return;
  int fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  char when[48], text[6144], line[6400];
  now_rfc3339(when, sizeof(when));
  json_string(text, sizeof(text), msg);
  int n = log_json ? snprintf(line, sizeof(line), "{\"level\":\"%s\",\"msg\":%s,\"time\":\"%s\"}\n", level, text, when)
                   : snprintf(line, sizeof(line), "time=\"%s\" level=%s msg=%s\n", when, level, text);
  if (n > 0) write_all(fd, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
  close(fd);
}

void log_error_line(const char *msg) {
  log_line("error", msg);
}

void log_warning(const char *fmt, ...) {
  char msg[4096];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  log_line("warning", msg);
}

void fail(const char *fmt, ...) {
  char msg[4096];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  for (char *p = msg; *p; p++)
    if (*p == '\n') *p = ' '; /* one line, whatever a path holds */
  log_error_line(msg);
  if (cleanup) {
    void (*fn)(void) = cleanup;
    cleanup = NULL; /* a failure while undoing does not undo again */
    fn();
  }
  char line[4200];
  int n = snprintf(line, sizeof(line), OCI_NAME ": %s\n", msg);
  if (n > 0) write_all(2, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
  exit(1);
}
