/* linux/capabilities, applied in the task right before exec, with Mesos's
 * semantics (its launch helper, after the isolator was added in 1.2):
 *   - effective E given: the task's effective, permitted, inheritable and
 *     ambient sets are E, and so is its bounding set unless one is given;
 *   - bounding B given: the bounding set is B, and the inheritable set is
 *     clipped to it, so no file capability can bring back more;
 *   - a task run as another user keeps E across the user switch
 *     (PR_SET_KEEPCAPS), and through exec by the ambient set;
 *   - no_new_privs: no setuid bit or file capability raises them again, and
 *     for a root task, exec does not refill the permitted set from B.
 * Raw capget/capset, no libcap: the stub links against libc only. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "stub.h"

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_RAISE 2
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

/* The kernel ABI of capget/capset, version 3 (64 capabilities in two words). */
#define CAPABILITY_VERSION_3 0x20080522
struct cap_header {
  unsigned int version;
  int pid;
};
struct cap_data {
  unsigned int effective, permitted, inheritable;
};

/* "0,10,21" -> a mask; refuses anything but numbers below 64. */
int parse_cap_list(const char *text, unsigned long long *mask) {
  *mask = 0;
  if (*text == '\0') return 0; /* the empty list: no capabilities */
  const char *p = text;
  for (;;) {
    char *end;
    errno = 0;
    unsigned long cap = strtoul(p, &end, 10);
    if (errno || end == p || cap > 63) return -1;
    *mask |= 1ULL << cap;
    if (*end == '\0') return 0;
    if (*end != ',') return -1;
    p = end + 1;
  }
}

static int last_cap(void) {
  int fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
  char buf[16] = {0};
  ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
  if (fd >= 0) close(fd);
  return n > 0 ? atoi(buf) : 40; /* CAP_CHECKPOINT_RESTORE, Linux 5.9 */
}

static int get_caps(struct cap_data data[2]) {
  struct cap_header header = {CAPABILITY_VERSION_3, 0};
  return (int)syscall(SYS_capget, &header, data);
}

static int set_caps(unsigned long long effective, unsigned long long permitted, unsigned long long inheritable) {
  struct cap_header header = {CAPABILITY_VERSION_3, 0};
  struct cap_data data[2];
  for (int word = 0; word < 2; word++) {
    data[word].effective = (unsigned int)(effective >> (32 * word));
    data[word].permitted = (unsigned int)(permitted >> (32 * word));
    data[word].inheritable = (unsigned int)(inheritable >> (32 * word));
  }
  return (int)syscall(SYS_capset, &header, data);
}

static unsigned long long bounding_of(const struct cap_plan *plan) {
  return plan->has_bounding ? plan->bounding : plan->effective;
}

/* As root, before the user switch: the bounding set can only shrink, and
 * only with CAP_SETPCAP, which a root process still has here. */
int caps_before_user(const struct cap_plan *plan, int switching_user) {
  if (!plan->has_effective && !plan->has_bounding) return 0;
  unsigned long long bounding = bounding_of(plan);
  int last = last_cap();
  for (int cap = 0; cap <= last && cap < 64; cap++)
    if (!(bounding & (1ULL << cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) return -1;
  if (plan->has_effective && switching_user && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) return -1;
  return 0;
}

/* After the user switch (setuid cleared the effective set, KEEPCAPS kept the
 * permitted one): the final sets, then the ambient set, then no_new_privs. */
int caps_after_user(const struct cap_plan *plan) {
  if (plan->has_effective || plan->has_bounding) {
    struct cap_data now[2];
    if (get_caps(now) < 0) return -1;
    unsigned long long permitted = now[0].permitted | ((unsigned long long)now[1].permitted << 32);
    unsigned long long effective = now[0].effective | ((unsigned long long)now[1].effective << 32);
    unsigned long long inheritable = now[0].inheritable | ((unsigned long long)now[1].inheritable << 32);
    unsigned long long bounding = bounding_of(plan);
    /* capset lets the inheritable set grow only within the permitted one */
    unsigned long long new_inheritable = bounding & (inheritable | permitted);
    if (plan->has_effective) {
      effective = permitted = plan->effective & permitted;
      if (permitted != plan->effective) {
        errno = EPERM; /* cannot grant what the stub itself lacks */
        return -1;
      }
    } else {
      effective &= bounding;
      permitted &= bounding;
    }
    if (set_caps(effective, permitted, new_inheritable) < 0) return -1;
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL) return -1;
    if (plan->has_effective)
      for (int cap = 0; cap < 64; cap++)
        if ((plan->effective & (1ULL << cap)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0) return -1;
  }
  if (plan->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return -1;
  return 0;
}
