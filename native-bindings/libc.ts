// libc through koffi: the only file in the project that imports koffi. Every
// call here is safe from Node's main thread (DESIGN.md §2): none changes the
// namespaces, credentials or memory layout of this process. execve replaces
// the process (the CLI's foreground launch hands over to the init stub): it
// changes no namespace either.
import { closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants as os } from 'node:os';
import { getSystemErrorMap } from 'node:util';

import { AT_FDCWD, F_GETFD, F_SETFD, FD_CLOEXEC, LOCK_EX, LOCK_NB, MNT_DETACH, RENAME_NOREPLACE, SIG_BLOCK, SIGSET_BYTES, SYS_pidfd_open, SYS_pidfd_send_signal } from './constants.js';

type Koffi = typeof import('koffi');

/**
 * koffi's entry module spends ~4 ms choosing its prebuilt binary (it reads
 * Node's ELF header to tell glibc from musl): the glibc binary of this
 * platform's package is tried first, the entry module is the fallback.
 */
function loadKoffi(): Koffi {
  const require = createRequire(import.meta.url);
  if (process.platform === 'linux') {
    try {
      const native = require(`@koromix/koffi-linux-${process.arch}/linux_${process.arch}/koffi.node`) as Koffi;
      if (typeof native.load === 'function' && typeof native.errno === 'function') return native;
    } catch {
      // another layout or another libc: the entry module knows
    }
  }
  return require('koffi') as Koffi;
}

/** The C library is loaded and its functions declared at the first call (that costs ~1.5 ms). */
function bind() {
  const koffi = loadKoffi();
  // The C library Node itself runs on, whatever its file is called (libc.so.6
  // with glibc, ld-musl-<arch>.so.1 with musl): the process's global symbols.
  const libc = koffi.load(null);
  return {
    errno: () => koffi.errno(),
    syscall: libc.func('long syscall(long number, ...)'),
    umount2: libc.func('int umount2(const char *target, int flags)'),
    flock: libc.func('int flock(int fd, int operation)'),
    renameat2: libc.func('int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags)'),
    fcntl: libc.func('int fcntl(int fd, int cmd, ...)'),
    execve: libc.func('int execve(const char *path, const char **argv, const char **envp)'),
    pthreadSigmask: libc.func('int pthread_sigmask(int how, const uint8_t *set, uint8_t *oldset)'),
    raise: libc.func('int raise(int sig)'),
  };
}

let bound: ReturnType<typeof bind> | undefined;
const c = (): ReturnType<typeof bind> => (bound ??= bind());

export interface SystemCallError extends Error {
  errno: number;
  code: string;
  syscall: string;
  path?: string;
}

/** An error shaped like Node's own fs errors: errno (negative), code, syscall, path. */
export function systemCallError(name: string, errno: number, path?: string): SystemCallError {
  const [code, description] = getSystemErrorMap().get(-errno) ?? [`E${errno}`, 'unknown error'];
  const where = path === undefined ? name : `${name} '${path}'`;
  const error = new Error(`${code}: ${description}, ${where}`) as SystemCallError;
  error.errno = -errno;
  error.code = code;
  error.syscall = name;
  if (path !== undefined) error.path = path;
  return error;
}

function check(result: number | bigint, name: string, path?: string): number {
  const value = Number(result);
  if (value < 0) throw systemCallError(name, c().errno(), path);
  return value;
}

/** A file descriptor that refers to the process `pid` for as long as it is open. */
export function pidfdOpen(pid: number): number {
  return check(c().syscall(SYS_pidfd_open, 'int', pid, 'unsigned int', 0), 'pidfd_open');
}

export function pidfdSendSignal(pidfd: number, signal: number): void {
  check(c().syscall(SYS_pidfd_send_signal, 'int', pidfd, 'int', signal, 'void *', null, 'unsigned int', 0), 'pidfd_send_signal');
}

export function closeFd(fd: number): void {
  closeSync(fd);
}

export function umountDetach(target: string): void {
  check(c().umount2(target, MNT_DETACH), 'umount2', target);
}

/**
 * An exclusive flock(2) on fd, without waiting: true when taken, false when
 * another open file holds it. Never blocks the event loop; callers retry.
 */
export function tryLockExclusive(fd: number): boolean {
  if (Number(c().flock(fd, LOCK_EX | LOCK_NB)) === 0) return true;
  const errno = c().errno();
  if (errno === 11 /* EWOULDBLOCK */) return false;
  throw systemCallError('flock', errno);
}

/** rename(2) that fails with EEXIST when `to` exists (any file or directory, empty or not). */
export function renameNoReplace(from: string, to: string): void {
  check(c().renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE), 'renameat2', to);
}

/** Node opens every file close-on-exec (stdin, stdout and stderr too): this one is to survive an execve. */
export function keepOpenAcrossExec(fd: number): void {
  const flags = check(c().fcntl(fd, F_GETFD), 'fcntl');
  check(c().fcntl(fd, F_SETFD, 'int', flags & ~FD_CLOEXEC), 'fcntl');
}

/**
 * Blocks signals in the calling (main) thread, where they then stay
 * pending, across an execve too; each of `raised` is raised there first.
 */
export function blockSignals(signals: readonly NodeJS.Signals[], raised: readonly NodeJS.Signals[] = []): void {
  const set = Buffer.alloc(SIGSET_BYTES);
  for (const name of signals) {
    const n = os.signals[name] - 1;
    set[n >> 3]! |= 1 << (n & 7);
  }
  const error = Number(c().pthreadSigmask(SIG_BLOCK, set, null));
  if (error !== 0) throw systemCallError('pthread_sigmask', error);
  for (const name of raised) check(c().raise(os.signals[name]), 'raise');
}

/** Replaces this process with `path`; returns only by throwing. */
export function execve(path: string, argv: readonly string[], env: readonly string[]): never {
  c().execve(path, [...argv, null], [...env, null]);
  throw systemCallError('execve', c().errno(), path);
}
