/* list [--format table|json] [-q]: every container under --root. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oci.h"

/* A JSON string this program or Node wrote, back to text (table output). */
static void unquote(const char *json, char *out, size_t size) {
  size_t n = 0;
  const char *p = json[0] == '"' ? json + 1 : json;
  for (; *p && *p != '"' && n + 1 < size; p++) {
    if (*p == '\\' && p[1]) {
      p++;
      if (*p == 'n') out[n++] = ' ';
      else if (*p == 'u' && strlen(p) >= 5) {
        out[n++] = '?';
        p += 4;
      } else out[n++] = *p;
    } else {
      out[n++] = *p;
    }
  }
  out[n] = '\0';
}

int verb_list(const struct call *c) {
  const char *format = "table";
  int quiet = 0;
  struct flag flags[] = {{"format", 'f', 1, &format, NULL}, {"quiet", 'q', 0, NULL, &quiet}};
  parse_verb_args(c, flags, 2, NULL, 0);
  int json = strcmp(format, "json") == 0;
  if (!json && strcmp(format, "table") != 0) fail("list: unknown format '%s' (table or json)", format);
  struct dirent **entries;
  int n = scandir(c->root, &entries, NULL, alphasort);
  if (json) putchar('[');
  else if (!quiet) printf("%-12s %-8s %-10s %-40s %-30s %s\n", "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER");
  int printed = 0;
  for (int i = 0; i < n; i++) {
    const char *id = entries[i]->d_name;
    struct record r;
    if (id[0] == '.' || record_load(c->root, id, &r) < 0) continue;
    enum status st = status_of(&r, !r.has_init && lock_is_held(r.dir));
    if (quiet && !json) {
      printf("%s\n", id);
    } else if (json) {
      char *s = state_json(&r, st);
      printf("%s%s", printed ? "," : "", s);
      free(s);
    } else {
      char bundle[4096], created[80];
      unquote(r.bundle_json, bundle, sizeof(bundle));
      unquote(r.created_json, created, sizeof(created));
      printf("%-12s %-8d %-10s %-40s %-30s %s\n", id, st == ST_STOPPED ? 0 : (int)r.pid, status_name(st), bundle, created, "root");
    }
    printed++;
  }
  for (int i = 0; i < n; i++) free(entries[i]);
  if (n > 0) free(entries);
  if (json) printf("]\n");
  return 0;
}
