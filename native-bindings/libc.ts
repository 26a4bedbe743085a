// libc through koffi: the only file in the project that imports koffi. Every
// call here is safe from Node's main thread (DESIGN.md §2): none changes the
// namespaces, credentials or memory layout of this process.
import { closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { getSystemErrorMap } from 'node:util';

import { AT_FDCWD, LOCK_EX, LOCK_NB, MNT_DETACH, RENAME_NOREPLACE, SYS_pidfd_open, SYS_pidfd_send_signal } from './constants.js';

type Koffi = typeof import('koffi');

/**
 * koffi's entry module spends ~4 ms choosing its prebuilt binary (it reads
 * Node's ELF header to tell glibc from musl), and the CLI loads this file on
 * its hot path (the launch's claim and lock): the glibc binary of this
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

const koffi = loadKoffi();
// The C library Node itself runs on, whatever its file is called (libc.so.6
// with glibc, ld-musl-<arch>.so.1 with musl): the process's global symbols.
const libc = koffi.load(null);

const syscall = libc.func('long syscall(long number, ...)');
const umount2Fn = libc.func('int umount2(const char *target, int flags)');
const flockFn = libc.func('int flock(int fd, int operation)');
const renameat2Fn = libc.func('int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags)');

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
  if (value < 0) throw systemCallError(name, koffi.errno(), path);
  return value;
}

/** A file descriptor that refers to the process `pid` for as long as it is open. */
export function pidfdOpen(pid: number): number {
  return check(syscall(SYS_pidfd_open, 'int', pid, 'unsigned int', 0), 'pidfd_open');
}

export function pidfdSendSignal(pidfd: number, signal: number): void {
  check(syscall(SYS_pidfd_send_signal, 'int', pidfd, 'int', signal, 'void *', null, 'unsigned int', 0), 'pidfd_send_signal');
}

export function closeFd(fd: number): void {
  closeSync(fd);
}

export function umountDetach(target: string): void {
  check(umount2Fn(target, MNT_DETACH), 'umount2', target);
}

/**
 * An exclusive flock(2) on fd, without waiting: true when taken, false when
 * another open file holds it. Never blocks the event loop; callers retry.
 */
export function tryLockExclusive(fd: number): boolean {
  if (Number(flockFn(fd, LOCK_EX | LOCK_NB)) === 0) return true;
  const errno = koffi.errno();
  if (errno === 11 /* EWOULDBLOCK */) return false;
  throw systemCallError('flock', errno);
}

/** rename(2) that fails with EEXIST when `to` exists (any file or directory, empty or not). */
export function renameNoReplace(from: string, to: string): void {
  check(renameat2Fn(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE), 'renameat2', to);
}
