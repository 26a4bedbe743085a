/* Node's plan: bubblewrap-style words (one value per word, NUL-separated on
 * the pipe), so that this side parses no JSON. Node validated the config;
 * a word we do not understand is still a clear error, never a guess. */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "init.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

struct cursor {
  struct words *w;
  int i;
};

static const char *word(struct cursor *c, const char *flag) {
  if (c->i >= c->w->n) fail("internal error: plan flag %s is missing a value", flag);
  return c->w->v[c->i++];
}

static unsigned long long number(struct cursor *c, const char *flag) {
  const char *s = word(c, flag);
  char *end;
  errno = 0;
  unsigned long long n = strtoull(s, &end, 10);
  if (errno || end == s || *end) fail("internal error: plan flag %s needs a number, got '%s'", flag, s);
  return n;
}

static void push(struct list *l, const char *s) {
  l->v = realloc(l->v, sizeof(char *) * (size_t)(l->n + 2));
  if (!l->v) fail("out of memory");
  l->v[l->n++] = s;
  l->v[l->n] = NULL;
}

static void *grow(void *v, int n, size_t size) {
  void *g = realloc(v, size * (size_t)(n + 1));
  if (!g) fail("out of memory");
  return g;
}

static int ns_type(const char *name) {
  static const struct {
    const char *name;
    int flag;
  } types[] = {{"user", CLONE_NEWUSER}, {"mount", CLONE_NEWNS},    {"pid", CLONE_NEWPID},     {"network", CLONE_NEWNET},
               {"ipc", CLONE_NEWIPC},   {"uts", CLONE_NEWUTS},     {"cgroup", CLONE_NEWCGROUP}, {"time", CLONE_NEWTIME}};
  for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
    if (strcmp(name, types[i].name) == 0) return types[i].flag;
  fail("internal error: unknown namespace type '%s' in the plan", name);
}

static unsigned long long cap_mask(const char *list) {
  unsigned long long mask = 0;
  for (const char *p = list; *p;) {
    char *end;
    unsigned long cap = strtoul(p, &end, 10);
    if (end == p || cap > 63) fail("internal error: bad capability list '%s' in the plan", list);
    mask |= 1ULL << cap;
    p = *end == ',' ? end + 1 : end;
  }
  return mask;
}

static void parse_hook(struct cursor *c, struct plan *p) {
  const char *kind = word(c, "--hook");
  struct hook_list *l = strcmp(kind, "create-container") == 0 ? &p->create_container
                        : strcmp(kind, "start-container") == 0 ? &p->start_container
                                                                : NULL;
  if (!l) fail("internal error: unknown hook kind '%s' in the plan", kind);
  struct hook h = {0};
  h.timeout = (int)number(c, "--hook");
  h.path = word(c, "--hook");
  int argc = (int)number(c, "--hook");
  h.argv = calloc((size_t)argc + 1, sizeof(char *));
  for (int i = 0; i < argc; i++) h.argv[i] = (char *)word(c, "--hook");
  int envc = (int)number(c, "--hook");
  h.envp = calloc((size_t)envc + 1, sizeof(char *));
  for (int i = 0; i < envc; i++) h.envp[i] = (char *)word(c, "--hook");
  l->v = grow(l->v, l->n, sizeof(struct hook));
  l->v[l->n++] = h;
}

static void parse_groups(struct process_plan *pp, const char *list) {
  for (const char *p = list; *p;) {
    char *end;
    unsigned long g = strtoul(p, &end, 10);
    if (end == p) fail("internal error: bad group list '%s' in the plan", list);
    pp->groups = grow(pp->groups, pp->n_groups, sizeof(gid_t));
    pp->groups[pp->n_groups++] = (gid_t)g;
    p = *end == ',' ? end + 1 : end;
  }
}

static int parse_process_flag(struct cursor *c, const char *a, struct process_plan *pp) {
  if (strcmp(a, "--cwd") == 0) pp->cwd = word(c, a);
  else if (strcmp(a, "--terminal") == 0) pp->terminal = 1;
  else if (strcmp(a, "--user") == 0) {
    pp->has_user = 1;
    pp->uid = (uid_t)number(c, a);
    pp->gid = (gid_t)number(c, a);
  } else if (strcmp(a, "--groups") == 0) parse_groups(pp, word(c, a));
  else if (strcmp(a, "--umask") == 0) {
    pp->has_umask = 1;
    pp->umask = (mode_t)number(c, a);
  } else if (strcmp(a, "--caps") == 0) {
    pp->caps.set = 1;
    pp->caps.bounding = cap_mask(word(c, a));
    pp->caps.effective = cap_mask(word(c, a));
    pp->caps.permitted = cap_mask(word(c, a));
    pp->caps.inheritable = cap_mask(word(c, a));
    pp->caps.ambient = cap_mask(word(c, a));
  } else if (strcmp(a, "--no-new-privs") == 0) pp->no_new_privs = 1;
  else if (strcmp(a, "--rlimit") == 0) {
    pp->rlimits = grow(pp->rlimits, pp->n_rlimits, sizeof(struct rlimit_plan));
    struct rlimit_plan *r = &pp->rlimits[pp->n_rlimits++];
    r->resource = (int)number(c, a);
    r->soft = number(c, a);
    r->hard = number(c, a);
  } else if (strcmp(a, "--oom-score-adj") == 0) {
    pp->has_oom_score_adj = 1;
    pp->oom_score_adj = atoi(word(c, a));
  } else if (strcmp(a, "--env") == 0) push(&pp->env, word(c, a));
  else return 0;
  return 1;
}

static void parse_mount(struct cursor *c, struct plan *p) {
  p->mounts = grow(p->mounts, p->n_mounts, sizeof(struct mount_plan));
  struct mount_plan *m = &p->mounts[p->n_mounts++];
  m->source = word(c, "--mount");
  m->target = word(c, "--mount");
  m->type = word(c, "--mount");
  m->flags = (unsigned long)number(c, "--mount");
  m->propagation = (unsigned long)number(c, "--mount");
  m->recursive_readonly = (int)number(c, "--mount");
  m->data = word(c, "--mount");
}

static void parse_device(struct cursor *c, struct plan *p) {
  p->devices = grow(p->devices, p->n_devices, sizeof(struct device_plan));
  struct device_plan *d = &p->devices[p->n_devices++];
  d->path = word(c, "--device");
  d->type = word(c, "--device")[0];
  d->major = (unsigned)number(c, "--device");
  d->minor = (unsigned)number(c, "--device");
  d->mode = (unsigned)number(c, "--device");
  d->uid = (unsigned)number(c, "--device");
  d->gid = (unsigned)number(c, "--device");
}

void parse_plan(struct words *w, struct plan *p) {
  struct cursor cur = {w, 0}, *c = &cur;
  p->console_fd = -1;
  p->fifo_fd = -1;
  while (c->i < w->n) {
    const char *a = w->v[c->i++];
    if (strcmp(a, "--") == 0) break;
    if (parse_process_flag(c, a, &p->process)) continue;
    if (strcmp(a, "--clone-cgroup") == 0) p->clone_cgroup = word(c, a);
    else if (strcmp(a, "--cgroup") == 0) push(&p->cgroups, word(c, a));
    else if (strcmp(a, "--ns") == 0 || strcmp(a, "--ns-path") == 0) {
      if (p->n_ns == MAX_NAMESPACES) fail("internal error: too many namespaces in the plan");
      p->ns[p->n_ns].type = ns_type(word(c, a));
      p->ns[p->n_ns++].path = a[4] == '-' ? word(c, a) : NULL;
    } else if (strcmp(a, "--uid-map") == 0) push(&p->uid_map, word(c, a));
    else if (strcmp(a, "--gid-map") == 0) push(&p->gid_map, word(c, a));
    else if (strcmp(a, "--rootfs") == 0) p->rootfs = word(c, a);
    else if (strcmp(a, "--readonly-rootfs") == 0) p->readonly_rootfs = 1;
    else if (strcmp(a, "--rootfs-propagation") == 0) p->rootfs_propagation = (unsigned long)number(c, a);
    else if (strcmp(a, "--mount") == 0) parse_mount(c, p);
    else if (strcmp(a, "--device") == 0) parse_device(c, p);
    else if (strcmp(a, "--symlink") == 0) {
      push(&p->symlinks, word(c, a));
      push(&p->symlinks, word(c, a));
    } else if (strcmp(a, "--masked") == 0) push(&p->masked, word(c, a));
    else if (strcmp(a, "--readonly") == 0) push(&p->readonly, word(c, a));
    else if (strcmp(a, "--sysctl") == 0) {
      push(&p->sysctls, word(c, a));
      push(&p->sysctls, word(c, a));
    } else if (strcmp(a, "--hostname") == 0) p->hostname = word(c, a);
    else if (strcmp(a, "--domainname") == 0) p->domainname = word(c, a);
    else if (strcmp(a, "--hook") == 0) parse_hook(c, p);
    else if (strcmp(a, "--runtime-hooks") == 0) p->has_runtime_hooks = 1;
    else fail("internal error: unknown plan flag '%s'", a);
  }
  if (c->i >= w->n) fail("internal error: the plan names no program");
  p->process.argv = (const char **)&w->v[c->i];
}
