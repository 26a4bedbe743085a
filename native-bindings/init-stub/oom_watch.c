/* Watching a memory cgroup for OOM kills (--oom-cgroup), from the outer
 * process's poll loop, so that a limitation is seen while the container
 * runs, with no Node process following it:
 *   v2  inotify on memory.events: the kernel sends IN_MODIFY when it changes;
 *   v1  an eventfd registered in cgroup.event_control for memory.oom_control.
 * Either way the count is read from the file itself (oom_kill, Linux 4.13+
 * on v1). A v1 event comes when the cgroup runs out of memory, before the
 * kernel has chosen and counted its victim: after one that shows no kill yet,
 * the count is read again every RECHECK_MS for RECHECK_WINDOW_MS. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#include "stub.h"

#define RECHECK_MS 5
#define RECHECK_WINDOW_MS 1000

static struct {
  int dir_fd;   /* the cgroup directory (O_PATH) */
  int event_fd; /* inotify (v2) or eventfd (v1), -1 when not watching */
  int version;
  int seen;     /* the first kill was reported */
  long long recheck_until; /* v1: monotonic ms until which to read the count again */
} watch = {-1, -1, 0, 0, 0};

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads a control file of the watched cgroup into buf; -1 if it cannot. */
int oom_read_control(const char *name, char *buf, size_t size) {
  int fd = openat(watch.dir_fd, name, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n;
  do n = read(fd, buf, size - 1);
  while (n < 0 && errno == EINTR);
  close(fd);
  if (n < 0) return -1;
  buf[n] = '\0';
  return 0;
}

int oom_cgroup_version(void) { return watch.version; }

static unsigned long long kill_count(void) {
  char text[1024];
  if (oom_read_control(watch.version == 2 ? "memory.events" : "memory.oom_control", text, sizeof(text)) < 0) return 0;
  for (char *line = text; line;) {
    if (strncmp(line, "oom_kill ", 9) == 0) return strtoull(line + 9, NULL, 10);
    char *end = strchr(line, '\n');
    line = end ? end + 1 : NULL;
  }
  return 0;
}

static void watch_v2(const char *dir) {
  watch.event_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  char path[4096];
  snprintf(path, sizeof(path), "%s/memory.events", dir);
  if (watch.event_fd < 0 || inotify_add_watch(watch.event_fd, path, IN_MODIFY) < 0)
    die(EXIT_STUB_FAILED, "oom", errno, "cannot watch '%s' for OOM kills", path);
}

static void watch_v1(const char *dir) {
  watch.event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (watch.event_fd < 0) die(EXIT_STUB_FAILED, "oom", errno, "cannot create an eventfd");
  int control = openat(watch.dir_fd, "memory.oom_control", O_RDONLY | O_CLOEXEC);
  int registry = openat(watch.dir_fd, "cgroup.event_control", O_WRONLY | O_CLOEXEC);
  char line[64];
  int n = snprintf(line, sizeof(line), "%d %d", watch.event_fd, control);
  if (control < 0 || registry < 0 || write(registry, line, (size_t)n) != n)
    die(EXIT_STUB_FAILED, "oom", errno, "cannot register for OOM events of cgroup '%s' (memory.oom_control)", dir);
  close(registry);
  /* The kernel holds its own reference to memory.oom_control from here on. */
  close(control);
}

void oom_watch_start(const char *dir) {
  watch.dir_fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (watch.dir_fd < 0) die(EXIT_STUB_FAILED, "oom", errno, "cannot open memory cgroup '%s'", dir);
  if (faccessat(watch.dir_fd, "memory.events", F_OK, 0) == 0) {
    watch.version = 2;
    watch_v2(dir);
  } else if (faccessat(watch.dir_fd, "memory.oom_control", F_OK, 0) == 0) {
    watch.version = 1;
    watch_v1(dir);
  } else {
    die(EXIT_STUB_FAILED, "oom", 0, "'%s' is not a memory cgroup (it has neither memory.events nor memory.oom_control)", dir);
  }
}

int oom_watch_fd(void) { return watch.event_fd; }

int oom_watch_timeout_ms(void) {
  if (watch.seen || watch.recheck_until == 0) return -1;
  if (now_ms() >= watch.recheck_until) {
    watch.recheck_until = 0;
    return -1;
  }
  return RECHECK_MS;
}

/* 1 the first time the cgroup's count shows an OOM kill, else 0. */
int oom_watch_check(void) {
  if (watch.event_fd < 0 || watch.seen) return 0;
  if (kill_count() == 0) return 0;
  watch.seen = 1;
  return 1;
}

int oom_watch_event(void) {
  char drain[4096];
  while (read(watch.event_fd, drain, sizeof(drain)) > 0) continue;
  int killed = oom_watch_check();
  if (!killed && !watch.seen && watch.version == 1) watch.recheck_until = now_ms() + RECHECK_WINDOW_MS;
  return killed;
}

/* In the init, which inherits the watch but has no use for it. */
void oom_watch_forget(void) {
  if (watch.event_fd >= 0) close(watch.event_fd);
  if (watch.dir_fd >= 0) close(watch.dir_fd);
  watch.event_fd = watch.dir_fd = -1;
}
