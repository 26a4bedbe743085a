/* linux.sysctl, written through the container's own /proc (the one the
 * config mounts in the rootfs), before read-only and masked paths apply:
 * net.ipv4.ip_forward -> /proc/sys/net/ipv4/ip_forward. Node allows only
 * the namespaced ones (as runc), so none of them changes the host. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "init.h"

void apply_sysctls(const struct plan *p, int rootfd, int rfd) {
  for (int i = 0; i + 1 < p->sysctls.n; i += 2) {
    const char *name = p->sysctls.v[i], *value = p->sysctls.v[i + 1];
    char path[4200];
    int n = snprintf(path, sizeof(path), "/proc/sys/%s", name);
    for (char *c = path + 10; c < path + n; c++)
      if (*c == '.') *c = '/';
    int fd = open_in_root(rootfd, path, O_WRONLY | O_NOFOLLOW);
    if (fd < 0 || write_all(fd, value, strlen(value)) < 0) child_fail(rfd, errno, "cannot set sysctl %s to '%s'", name, value);
    close(fd);
  }
}
