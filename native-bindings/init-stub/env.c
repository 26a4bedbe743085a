/* The task's environment. The stub itself runs with an empty environment:
 * it is root, and ld.so obeys LD_PRELOAD, LD_LIBRARY_PATH, GCONV_PATH... of
 * whatever environment a program starts with. The task's entries arrive as
 * data on a file descriptor (--env-fd), "NAME=VALUE" each followed by a NUL
 * byte, and are handed to the task's execve only, after the user switch. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stub.h"

#define ENV_MAX_BYTES (16u << 20) /* far above ARG_MAX: a runaway writer is an error */

static char *read_all(int fd, size_t *length) {
  size_t cap = 4096, used = 0;
  char *buf = malloc(cap);
  for (;;) {
    if (!buf) die(EXIT_STUB_FAILED, "env", ENOMEM, "out of memory reading the task environment");
    if (used == cap) {
      if (cap >= ENV_MAX_BYTES) die(EXIT_STUB_FAILED, "env", E2BIG, "the task environment is larger than %u bytes", ENV_MAX_BYTES);
      cap *= 2;
      char *grown = realloc(buf, cap);
      if (!grown) free(buf);
      buf = grown;
      continue;
    }
    ssize_t n = read(fd, buf + used, cap - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) die(EXIT_STUB_FAILED, "env", errno, "cannot read the task environment from fd %d", fd);
    if (n == 0) break;
    used += (size_t)n;
  }
  *length = used;
  return buf;
}

char **read_task_env(int fd) {
  size_t length;
  char *data = read_all(fd, &length);
  close(fd);
  if (length > 0 && data[length - 1] != '\0')
    die(EXIT_STUB_FAILED, "env", 0, "the task environment does not end with a NUL byte");

  size_t count = 0;
  for (size_t i = 0; i < length; i++) count += data[i] == '\0';
  char **envp = calloc(count + 1, sizeof(*envp));
  if (!envp) die(EXIT_STUB_FAILED, "env", ENOMEM, "out of memory reading the task environment");
  size_t n = 0;
  for (char *entry = data; entry < data + length; entry += strlen(entry) + 1) {
    const char *eq = strchr(entry, '=');
    if (!eq || eq == entry) die(EXIT_STUB_FAILED, "env", 0, "task environment entry %zu is not NAME=VALUE", n);
    envp[n++] = entry;
  }
  return envp;
}

/* Sets NAME=VALUE in *envp (replacing an entry of that name), growing it. */
void env_set(char ***envp, const char *name, const char *value) {
  size_t name_len = strlen(name), count = 0;
  char *entry = malloc(name_len + strlen(value) + 2);
  if (!entry) return;
  memcpy(entry, name, name_len);
  entry[name_len] = '=';
  strcpy(entry + name_len + 1, value);
  for (; (*envp)[count]; count++) {
    if (strncmp((*envp)[count], name, name_len) == 0 && (*envp)[count][name_len] == '=') {
      (*envp)[count] = entry;
      return;
    }
  }
  char **grown = realloc(*envp, sizeof(**envp) * (count + 2));
  if (!grown) return;
  grown[count] = entry;
  grown[count + 1] = NULL;
  *envp = grown;
}
