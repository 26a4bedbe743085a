// The per-container lock: launch, destroy, gc and cleanup of one id never
// overlap, across processes (flock on the entry directory, released by the
// kernel when its holder dies) and within one (a queue per entry, so that
// callers in this process wait their turn instead of polling). Waiting never
// blocks the event loop: flock is tried without blocking and retried.
import { closeSync, constants, fstatSync, openSync, statSync } from 'node:fs';

import { tryLockExclusive } from '../../../native-bindings/libc.js';
import { errnoCode } from '../../errors.js';
import type { Host } from '../../host/host.js';
import { ContainerBusyError } from './errors.js';

export interface EntryLock {
  /** The open entry the flock is on. */
  readonly fd: number;
  release(): void;
}

const queues = new Map<string, Promise<void>>();

/** Our turn among this process's callers for `key`; resolves with the release function. */
export async function inProcessTurn(key: string, host: Host, deadline: number, busy: () => Error): Promise<() => void> {
  const previous = queues.get(key);
  if (!previous) {
    // Nobody here holds it: ours at once, no timer.
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    queues.set(key, mine);
    return () => {
      done();
      if (queues.get(key) === mine) queues.delete(key);
    };
  }
  let done!: () => void;
  const mine = new Promise<void>((resolve) => (done = resolve));
  const tail = previous.then(() => mine);
  queues.set(key, tail);
  const release = (): void => {
    done();
    if (queues.get(key) === tail) queues.delete(key);
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - host.now()));
  });
  const outcome = await Promise.race([previous.then(() => 'ours' as const), timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    release(); // those behind us must not wait for us
    throw busy();
  }
  return release;
}


/** The entry, to lock it: a directory, or (torn: a stray file under the id) that file. */
function openEntry(path: string): number {
  try {
    return openSync(path, constants.O_RDONLY | constants.O_DIRECTORY);
  } catch (error) {
    if (errnoCode(error) === 'ENOTDIR') return openSync(path, constants.O_RDONLY);
    throw error;
  }
}

function sameDirectory(fd: number, path: string): boolean {
  try {
    return statSync(path).ino === fstatSync(fd).ino;
  } catch {
    return false;
  }
}

/**
 * Locks the entry at `dir`. Resolves undefined when there is no entry (any
 * more: removed while we waited). Rejects with CONTAINER_BUSY at the deadline.
 */
export async function lockEntry(host: Host, dir: string, id: string, deadline: number, holder: () => string): Promise<EntryLock | undefined> {
  const started = host.now();
  const busy = (): Error => new ContainerBusyError(id, holder(), Math.round((deadline - started) / 1000));
  const releaseTurn = await inProcessTurn(dir, host, deadline, busy);
  try {
    for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
      let fd: number;
      try {
        fd = openEntry(dir);
      } catch (error) {
        if (errnoCode(error) === 'ENOENT') {
          releaseTurn();
          return undefined;
        }
        throw error;
      }
      if (tryLockExclusive(fd)) {
        // gc may have removed (and a launch re-made) the entry while we waited.
        if (sameDirectory(fd, dir)) {
          return {
            fd,
            release: () => {
              closeSync(fd);
              releaseTurn();
            },
          };
        }
        closeSync(fd);
        continue;
      }
      closeSync(fd);
      if (host.now() >= deadline) throw busy();
      await host.sleep(Math.min(delay, Math.max(1, deadline - host.now())));
    }
  } catch (error) {
    releaseTurn();
    throw error;
  }
}

/** Locks a directory no one else can see yet (a claim being made): never contended. */
export async function lockNewEntry(dir: string, releaseTurn: () => void): Promise<EntryLock> {
  const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  if (!tryLockExclusive(fd)) {
    closeSync(fd);
    throw new Error(`unexpected: the new entry ${dir} is locked already`);
  }
  return {
    fd,
    release: () => {
      closeSync(fd);
      releaseTurn();
    },
  };
}

/**
 * The lock a process that exec'ed this one held on the entry at `dir`, on
 * the inherited `fd` (a foreground launch its init stub handed back).
 * Throws when fd is not that entry, or its lock is not held through it.
 */
export function adoptLock(dir: string, fd: number): EntryLock {
  if (!Number.isInteger(fd) || fd < 0 || !sameDirectory(fd, dir) || !tryLockExclusive(fd)) {
    throw new Error(`file descriptor ${fd} does not hold the lock of ${dir}`);
  }
  return { fd, release: () => closeSync(fd) };
}
