/* The command line: global flags (before the verb, as containerd's shim
 * passes them), then the verb and its own arguments. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oci.h"

#ifndef OCI_VERSION
#define OCI_VERSION "0.21.0"
#endif

static const char usage[] =
    "usage: " OCI_NAME " [GLOBAL FLAGS] VERB [ARGS]\n"
    "  create --bundle B [--pid-file F] [--console-socket S] [--no-pivot] [--no-new-keyring] ID\n"
    "  start ID | state ID | kill [--all] ID [SIGNAL] | delete [--force] ID\n"
    "  exec --process F [--detach] [--pid-file F] [--console-socket S] ID\n"
    "  ps [--format table|json] ID | pause ID | resume ID | list [--format table|json]\n"
    "  update --resources F|- ID | features\n"
    "global flags: --root DIR (default /run/" OCI_NAME "), --log FILE, --log-format text|json,\n"
    "              --systemd-cgroup (refused), --debug, --rootless, --criu PATH (ignored)\n";

static const char *value_of(int argc, char **argv, int *i, const char *name) {
  const char *a = argv[*i];
  size_t n = strlen(name);
  if (a[n] == '=') return a + n + 1;
  if (*i + 1 >= argc) fail("flag %s needs a value", name);
  return argv[++*i];
}

static int is_flag(const char *a, const char *name) {
  size_t n = strlen(name);
  return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

int main(int argc, char **argv) {
  struct call c = {.root = "/run/" OCI_NAME, .self = argv[0]};
  int systemd = 0, i = 1;
  for (; i < argc && argv[i][0] == '-'; i++) {
    const char *a = argv[i];
    if (is_flag(a, "--root")) c.root = value_of(argc, argv, &i, "--root");
    else if (is_flag(a, "--log")) c.log_path = value_of(argc, argv, &i, "--log");
    else if (is_flag(a, "--log-format")) {
      const char *format = value_of(argc, argv, &i, "--log-format");
      if (strcmp(format, "json") != 0 && strcmp(format, "text") != 0) {
        log_open(&c);
        fail("--log-format must be 'json' or 'text', got '%s'", format);
      }
      c.log_json = strcmp(format, "json") == 0;
    }
    else if (is_flag(a, "--criu")) value_of(argc, argv, &i, "--criu");
    else if (strcmp(a, "--systemd-cgroup") == 0) systemd = 1;
    else if (strcmp(a, "--debug") == 0 || strcmp(a, "--rootless") == 0 || strncmp(a, "--rootless=", 11) == 0) continue;
    else if (strcmp(a, "--version") == 0 || strcmp(a, "-v") == 0) {
      printf(OCI_NAME " version " OCI_VERSION "\nspec: " OCI_SPEC_VERSION "\n");
      return 0;
    } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      fputs(usage, stdout);
      return 0;
    } else {
      log_open(&c);
      fail("unknown global flag '%s' (see --help)", a);
    }
  }
  log_open(&c);
  if (c.root[0] != '/') fail("--root must be an absolute path, got '%s'", c.root);
  if (i >= argc) fail("no command given (see --help)");
  if (systemd) fail("--systemd-cgroup is not supported yet: configure containerd with SystemdCgroup = false");
  c.verb = argv[i];
  c.argc = argc - i - 1;
  c.argv = argv + i + 1;

  static const struct {
    const char *name;
    int (*run)(const struct call *);
  } verbs[] = {
      {"state", verb_state}, {"start", verb_start},   {"kill", verb_kill},     {"delete", verb_delete},
      {"ps", verb_ps},       {"list", verb_list},     {"features", verb_features}, {"create", verb_create},
      {"exec", verb_exec},   {"update", verb_update},
  };
  for (size_t v = 0; v < sizeof(verbs) / sizeof(verbs[0]); v++)
    if (strcmp(c.verb, verbs[v].name) == 0) return verbs[v].run(&c);
  if (strcmp(c.verb, "pause") == 0) return verb_pause(&c, 1);
  if (strcmp(c.verb, "resume") == 0) return verb_pause(&c, 0);
  if (strcmp(c.verb, "checkpoint") == 0 || strcmp(c.verb, "restore") == 0)
    fail("%s is not supported (no CRIU support yet)", c.verb);
  fail("unknown command '%s' (see --help)", c.verb);
}
