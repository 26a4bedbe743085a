/* The symbolic name of an errno value ("ENOENT"), for the status events: the
 * caller maps names, not numbers, to its error codes. glibc 2.32+ has
 * strerrorname_np; older glibc and musl get our table of the errors the stub
 * can meet (its system calls and execve's). */
#include <errno.h>
#include <string.h>

#include "stub.h"

#if defined(__GLIBC__) && defined(__GLIBC_PREREQ) && !defined(STUB_PORTABLE_FALLBACKS)
#if __GLIBC_PREREQ(2, 32)
#define HAVE_STRERRORNAME_NP 1
#endif
#endif

#ifdef HAVE_STRERRORNAME_NP
const char *errno_name(int err) {
  return strerrorname_np(err);
}
#else
#define NAME(e) {e, #e}
static const struct {
  int number;
  const char *name;
} names[] = {
    NAME(EPERM),   NAME(ENOENT),  NAME(ESRCH),   NAME(EINTR),  NAME(EIO),          NAME(ENXIO),
    NAME(E2BIG),   NAME(ENOEXEC), NAME(EBADF),   NAME(ECHILD), NAME(EAGAIN),       NAME(ENOMEM),
    NAME(EACCES),  NAME(EFAULT),  NAME(ENOTBLK), NAME(EBUSY),  NAME(EEXIST),       NAME(EXDEV),
    NAME(ENODEV),  NAME(ENOTDIR), NAME(EISDIR),  NAME(EINVAL), NAME(ENFILE),       NAME(EMFILE),
    NAME(ETXTBSY), NAME(EFBIG),   NAME(ENOSPC),  NAME(EROFS),  NAME(EMLINK),       NAME(EPIPE),
    NAME(ERANGE),  NAME(ELOOP),   NAME(ENAMETOOLONG), NAME(ENOSYS), NAME(ENOTEMPTY), NAME(EOPNOTSUPP),
    NAME(ELIBBAD), NAME(EOVERFLOW), NAME(EDQUOT), NAME(ESTALE),
};

const char *errno_name(int err) {
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
    if (names[i].number == err) return names[i].name;
  return NULL;
}
#endif
