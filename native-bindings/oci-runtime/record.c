/* The records of one container, in --root/<id>/:
 *   state      written by Node at create, before anything is made: one
 *              key=value per line; the strings this program prints are
 *              already JSON (id, bundle, rootfs, created, annotations), the
 *              paths it uses are raw (Node refuses a newline in them)
 *   init       written here once the init waits: pid and start time
 *   exec.fifo  exists from create until start (runc's design)
 *   hooks      poststart and poststop hooks, NUL-separated words
 * Every record is written to a temporary file renamed over it: a reader
 * sees the old record or the new one. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oci.h"

int record_path(char *out, size_t size, const char *root, const char *id, const char *name) {
  int n = name ? snprintf(out, size, "%s/%s/%s", root, id, name) : snprintf(out, size, "%s/%s", root, id);
  if (n < 0 || (size_t)n >= size) fail("path too long: %s/%s", root, id);
  return 0;
}

/* The whole file (at most limit bytes), NUL-terminated; NULL when it does
 * not exist. Its length in *length, when asked. */
char *read_small_file(const char *path, size_t limit, size_t *length) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  char *buf = malloc(limit + 1);
  size_t len = 0;
  ssize_t n;
  while (buf && len < limit && (n = read(fd, buf + len, limit - len)) != 0) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    len += (size_t)n;
  }
  close(fd);
  if (buf) buf[len] = '\0';
  if (length) *length = len;
  return buf;
}

static void copy_field(char *dst, size_t size, const char *value, const char *key) {
  if (strlen(value) >= size) fail("state record field %s is too long", key);
  strcpy(dst, value);
}

static void parse_state(struct record *r, char *text) {
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
    char *eq = strchr(line, '=');
    if (!eq) continue;
    *eq = '\0';
    const char *k = line, *v = eq + 1;
    if (strcmp(k, "oci_version") == 0) copy_field(r->oci_version, sizeof(r->oci_version), v, k);
    else if (strcmp(k, "id") == 0) copy_field(r->id_json, sizeof(r->id_json), v, k);
    else if (strcmp(k, "bundle") == 0) copy_field(r->bundle_json, sizeof(r->bundle_json), v, k);
    else if (strcmp(k, "rootfs") == 0) copy_field(r->rootfs_json, sizeof(r->rootfs_json), v, k);
    else if (strcmp(k, "created") == 0) copy_field(r->created_json, sizeof(r->created_json), v, k);
    else if (strcmp(k, "annotations") == 0) r->annotations_json = strdup(v);
    else if (strcmp(k, "own_pid_ns") == 0) r->own_pid_ns = atoi(v);
    else if (strcmp(k, "cgroup") == 0 && r->n_cgroups < MAX_CGROUPS) r->cgroups[r->n_cgroups++] = strdup(v);
    else if (strcmp(k, "freezer") == 0) r->freezer = strdup(v);
    else if (strcmp(k, "freezer_v2") == 0) r->freezer_v2 = atoi(v);
    else if (strcmp(k, "procs_cgroup") == 0) r->procs_cgroup = strdup(v);
    else if (strcmp(k, "cgroup_v2") == 0) r->cgroup_v2 = strdup(v);
  }
}

static void parse_init(struct record *r, char *text) {
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
    if (strncmp(line, "pid=", 4) == 0) r->pid = (pid_t)atoi(line + 4);
    else if (strncmp(line, "start_time=", 11) == 0) r->start_time = strtoull(line + 11, NULL, 10);
  }
  r->has_init = r->pid > 0;
}

int record_load(const char *root, const char *id, struct record *r) {
  memset(r, 0, sizeof(*r));
  record_path(r->dir, sizeof(r->dir), root, id, NULL);
  struct stat st;
  if (stat(r->dir, &st) < 0 || !S_ISDIR(st.st_mode)) return -1;
  char path[4200];
  char *id_json = r->id_json;
  json_string(id_json, sizeof(r->id_json), id);
  strcpy(r->oci_version, "\"" OCI_SPEC_VERSION "\"");
  strcpy(r->bundle_json, "\"\"");
  strcpy(r->rootfs_json, "\"\"");
  strcpy(r->created_json, "\"0001-01-01T00:00:00Z\"");
  snprintf(path, sizeof(path), "%s/state", r->dir);
  char *text = read_small_file(path, 1 << 20, NULL);
  if (text) {
    r->has_state = 1;
    parse_state(r, text);
    free(text);
  }
  snprintf(path, sizeof(path), "%s/init", r->dir);
  text = read_small_file(path, 4096, NULL);
  if (text) {
    parse_init(r, text);
    free(text);
  }
  return 0;
}

/* Atomic (a temporary file renamed over the record), not fsynced: the
 * records describe processes and cgroups, which a power cut ends too, and
 * /run is a tmpfs on most hosts; a crash of ours leaves the old record or
 * the new one. (An fsync costs ~3 ms per file on a disk-backed /run.) */
int write_record(const char *path, const char *content, size_t len, int mode) {
  char temporary[4200];
  snprintf(temporary, sizeof(temporary), "%s.%d.tmp", path, (int)getpid());
  int fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return -1;
  if (write_all(fd, content, len) < 0) {
    int err = errno;
    close(fd);
    unlink(temporary);
    errno = err;
    return -1;
  }
  close(fd);
  if (rename(temporary, path) < 0) {
    int err = errno;
    unlink(temporary);
    errno = err;
    return -1;
  }
  return 0;
}

/* rm -r of a container's directory: plain files and fifos only, one level. */
int remove_tree(const char *path) {
  DIR *d = opendir(path);
  if (!d) return errno == ENOENT ? 0 : -1;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    unlinkat(dirfd(d), e->d_name, 0);
  }
  closedir(d);
  return rmdir(path) < 0 && errno != ENOENT ? -1 : 0;
}
