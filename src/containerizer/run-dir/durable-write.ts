// Records that must survive a crash or a power cut are written as: a
// temporary file, fsync, rename over the final name, fsync of the directory.
// A reader then sees the old record or the new one, never half of one.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

import { RecordWriteError } from './errors.js';

/** Makes a rename (or a new entry) in `dir` durable. */
export function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `content` to `path` atomically. With `durable`, it is on disk
 * before this returns; without, a crash of this process still leaves the
 * old or the new file whole (only a power cut could lose it).
 */
export function writeFileAtomically(path: string, content: string | Uint8Array, options: { durable: boolean; what: string }): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temporary, 'w', 0o600);
    try {
      if (typeof content === 'string') writeSync(fd, content);
      else writeSync(fd, content);
      if (options.durable) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
    if (options.durable) syncDirectory(dirname(path));
  } catch (cause) {
    rmSync(temporary, { force: true });
    throw new RecordWriteError(path, options.what, cause);
  }
}
