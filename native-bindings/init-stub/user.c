/* The task's user: looked up through NSS in the outer process (before any
 * namespace change), switched to in the task right before exec. */
#include <errno.h>
#include <ftw.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stub.h"

#ifdef STUB_NO_NSS
/* The static build: glibc's getpwnam would load NSS modules into a static
 * program (a crash for a name not in /etc/passwd). The launcher runs
 * mesos-containerizer-init-nss for --user. */
void resolve_user(const char *name, struct user_ids *ids) {
  memset(ids, 0, sizeof(*ids));
  if (name) die(EXIT_STUB_FAILED, "options", 0, "this build of the stub cannot look up user '%s': run " STUB_NAME "-nss for --user", name);
}
#else
void resolve_user(const char *name, struct user_ids *ids) {
  memset(ids, 0, sizeof(*ids));
  if (!name) return;
  errno = 0;
  struct passwd *pw = getpwnam(name);
  if (!pw) {
    if (errno == 0 || errno == ENOENT || errno == ESRCH)
      die(EXIT_STUB_FAILED, "user", 0, "user '%s' does not exist", name);
    die(EXIT_STUB_FAILED, "user", errno, "cannot look up user '%s'", name);
  }
  ids->set = 1;
  ids->name = strdup(pw->pw_name);
  ids->uid = pw->pw_uid;
  ids->gid = pw->pw_gid;
  ids->home = strdup(pw->pw_dir ? pw->pw_dir : "/");

  int n = 32;
  for (;;) {
    ids->groups = realloc(ids->groups, sizeof(gid_t) * (size_t)n);
    if (!ids->groups) die(EXIT_STUB_FAILED, "user", ENOMEM, "out of memory");
    int got = n;
    if (getgrouplist(ids->name, ids->gid, ids->groups, &got) >= 0) {
      ids->ngroups = got;
      break;
    }
    n = got > n ? got : n * 2;
  }
}
#endif

/* Returns 0, or -1 with errno set. Order matters: groups and gid while we are
 * still root, uid last. */
int switch_user(const struct user_ids *ids) {
  if (!ids->set) return 0;
  if (setgroups((size_t)ids->ngroups, ids->groups) < 0) return -1;
  if (setgid(ids->gid) < 0) return -1;
  if (setuid(ids->uid) < 0) return -1;
  return 0;
}

/* The user's HOME, USER and LOGNAME, over what the task's environment says. */
void user_env(char ***envp, const struct user_ids *ids) {
  if (!ids->set) return;
  env_set(envp, "HOME", ids->home);
  env_set(envp, "USER", ids->name);
  env_set(envp, "LOGNAME", ids->name);
}

static uid_t tree_uid;
static gid_t tree_gid;

static int chown_entry(const char *path, const struct stat *st, int type, struct FTW *ftw) {
  (void)st;
  (void)type;
  (void)ftw;
  return lchown(path, tree_uid, tree_gid) < 0 ? errno : 0;
}

/* Like Mesos's chown of the sandbox: symbolic links are changed, never followed. */
void chown_tree(const char *path, const struct user_ids *ids) {
  if (!path || !ids->set) return;
  tree_uid = ids->uid;
  tree_gid = ids->gid;
  int err = nftw(path, chown_entry, 16, FTW_PHYS);
  if (err != 0) die(EXIT_STUB_FAILED, "user", err > 0 ? err : errno, "cannot give '%s' to user '%s'", path, ids->name);
}
