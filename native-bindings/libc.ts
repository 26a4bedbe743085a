// libc through koffi: the only file in the project that imports koffi. Every
// call here is safe from Node's main thread (DESIGN.md §2): none changes the
// namespaces, credentials or memory layout of this process. execve replaces
// the process (the CLI's foreground launch hands over to the init stub): it
// changes no namespace either.
import { closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { endianness, constants as os } from 'node:os';
import { getSystemErrorMap } from 'node:util';

import { AF_UNIX, AT_FDCWD, F_GETFD, F_SETFD, FD_CLOEXEC, MSG_NOSIGNAL, O_CLOEXEC, SCM_RIGHTS, SOCK_CLOEXEC, SOCK_STREAM, SOL_SOCKET, LOCK_EX, LOCK_NB, MNT_DETACH, RENAME_NOREPLACE, SIG_BLOCK, SIGSET_BYTES, SYS_pidfd_open, SYS_pidfd_send_signal } from './constants.js';

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
  const iovec = koffi.struct('iovec', { iov_base: 'void *', iov_len: 'size_t' });
  koffi.struct('msghdr', {
    msg_name: 'void *',
    msg_namelen: 'uint32_t',
    msg_iov: koffi.pointer(iovec),
    msg_iovlen: 'size_t',
    msg_control: 'void *',
    msg_controllen: 'size_t',
    msg_flags: 'int',
  });
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
    socketpair: libc.func('int socketpair(int domain, int type, int protocol, _Out_ int *fds)'),
    pipe2: libc.func('int pipe2(_Out_ int *fds, int flags)'),
    sendmsg: libc.func('long sendmsg(int fd, const msghdr *msg, int flags)'),
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

/** A connected pair of unix stream sockets, close-on-exec. */
export function socketPair(): [number, number] {
  const fds = [-1, -1];
  check(c().socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 'socketpair');
  return [fds[0]!, fds[1]!];
}

/** A pipe, close-on-exec: [read end, write end]. */
export function pipe(): [number, number] {
  const fds = [-1, -1];
  check(c().pipe2(fds, O_CLOEXEC), 'pipe2');
  return [fds[0]!, fds[1]!];
}

/**
 * Sends `data` on a (blocking) unix socket, with `fds` attached
 * (SCM_RIGHTS). Returns how many bytes went (a short send leaves the
 * rest to send without the fds).
 */
export function sendWithFds(socket: number, data: Uint8Array, fds: readonly number[]): number {
  // struct cmsghdr { size_t len; int level; int type; } then the fds, padded
  // to 8 (64-bit Linux), in this machine's byte order.
  const header = 16;
  const control = new DataView(new ArrayBuffer(header + Math.ceil((fds.length * 4) / 8) * 8));
  const little = endianness() === 'LE';
  control.setBigUint64(0, BigInt(header + fds.length * 4), little);
  control.setInt32(8, SOL_SOCKET, little);
  control.setInt32(12, SCM_RIGHTS, little);
  fds.forEach((fd, i) => control.setInt32(header + i * 4, fd, little));
  const message = {
    msg_name: null,
    msg_namelen: 0,
    msg_iov: [{ iov_base: data, iov_len: data.length }],
    msg_iovlen: 1,
    msg_control: fds.length > 0 ? control.buffer : null,
    msg_controllen: fds.length > 0 ? control.byteLength : 0,
    msg_flags: 0,
  };
  for (;;) {
    const sent = Number(c().sendmsg(socket, message, MSG_NOSIGNAL));
    if (sent >= 0) return sent;
    const errno = c().errno();
    if (errno !== 4 /* EINTR */) throw systemCallError('sendmsg', errno);
  }
}
