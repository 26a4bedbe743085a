/* A verb's flags, as runc (urfave/cli) takes them: --name value,
 * --name=value, -n value, booleans as --name or --name=true|false. Flags
 * may come before or after the positional arguments; "--" ends them. */
#include <string.h>

#include "oci.h"

static struct flag *find(struct flag *flags, int n, const char *arg, const char **inline_value) {
  *inline_value = NULL;
  if (arg[1] == '-') {
    const char *name = arg + 2;
    const char *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    for (int i = 0; i < n; i++)
      if (strlen(flags[i].long_name) == len && strncmp(flags[i].long_name, name, len) == 0) {
        if (eq) *inline_value = eq + 1;
        return &flags[i];
      }
    return NULL;
  }
  if (arg[1] == '\0') return NULL;
  for (int i = 0; i < n; i++)
    if (flags[i].short_name && flags[i].short_name == arg[1]) {
      if (arg[2] == '=') *inline_value = arg + 3;
      else if (arg[2] != '\0') *inline_value = arg + 2;
      return &flags[i];
    }
  return NULL;
}

/* Returns the number of positional arguments (at most max_positional). */
int parse_verb_args(const struct call *c, struct flag *flags, int n_flags, const char **positional, int max_positional) {
  int n_pos = 0, only_positional = 0;
  for (int i = 0; i < c->argc; i++) {
    const char *a = c->argv[i];
    if (!only_positional && strcmp(a, "--") == 0) {
      only_positional = 1;
      continue;
    }
    if (only_positional || a[0] != '-' || a[1] == '\0') {
      if (n_pos >= max_positional) fail("%s: unexpected argument '%s'", c->verb, a);
      positional[n_pos++] = a;
      continue;
    }
    const char *inline_value;
    struct flag *f = find(flags, n_flags, a, &inline_value);
    if (!f) fail("%s: unknown flag '%s'", c->verb, a);
    if (f->seen) *f->seen = 1;
    if (!f->takes_value) {
      if (inline_value && strcmp(inline_value, "false") == 0 && f->seen) *f->seen = 0;
      else if (inline_value && strcmp(inline_value, "true") != 0) fail("%s: flag '%s' takes no value", c->verb, a);
      continue;
    }
    if (inline_value) {
      *f->value = inline_value;
    } else {
      if (i + 1 >= c->argc) fail("%s: flag '%s' needs a value", c->verb, a);
      *f->value = c->argv[++i];
    }
  }
  return n_pos;
}

/* runc's rule: letters, digits, and _ + - . ; not "." or "..", at most 1024 bytes. */
void validate_id(const char *id) {
  size_t n = strlen(id);
  int ok = n > 0 && n <= 1024 && strcmp(id, ".") != 0 && strcmp(id, "..") != 0;
  for (const char *p = id; ok && *p; p++)
    ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '+' ||
         *p == '-' || *p == '.';
  if (!ok) fail("invalid container id '%s': use letters, digits, '_', '+', '-' and '.' (at most 1024)", id);
}

/* The one positional argument most verbs take: the container id. */
const char *container_id_arg(const struct call *c, struct flag *flags, int n_flags) {
  const char *pos[1];
  int n = parse_verb_args(c, flags, n_flags, pos, 1);
  if (n != 1) fail("%s: the container id is missing", c->verb);
  validate_id(pos[0]);
  return pos[0];
}
