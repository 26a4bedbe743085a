// Kernel ABI numbers the bindings need. pidfd_open and pidfd_send_signal were
// added after the syscall tables were unified, so their numbers are the same
// on x86_64, aarch64 and the other 64-bit architectures Node runs on.
export const SYS_pidfd_send_signal = 424;
export const SYS_pidfd_open = 434;

export const MNT_DETACH = 2;

/** flock(2) operations. */
export const LOCK_EX = 2;
export const LOCK_NB = 4;

/** renameat2(2): fail with EEXIST instead of replacing the target. */
export const AT_FDCWD = -100;
export const RENAME_NOREPLACE = 1;

/** fcntl(2): the close-on-exec flag. */
export const F_GETFD = 1;
export const F_SETFD = 2;
export const FD_CLOEXEC = 1;

/** pthread_sigmask(2): a sigset_t is 1024 bits in glibc (musl's is smaller, and reads only its part). */
export const SIG_BLOCK = 0;
export const SIGSET_BYTES = 128;

/** Unix sockets and fd passing (the resident launcher). */
export const AF_UNIX = 1;
export const SOCK_STREAM = 1;
export const SOCK_CLOEXEC = 0o2000000;
export const O_CLOEXEC = 0o2000000;
export const SOL_SOCKET = 1;
export const SCM_RIGHTS = 1;
export const MSG_NOSIGNAL = 0x4000;
