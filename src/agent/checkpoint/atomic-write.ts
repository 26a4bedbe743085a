// Checkpoint files are replaced whole: written to a temporary file (synced:
// O_SYNC), renamed over the old one, so that a crash at any point leaves
// either the old file or the new one, never half of one. With `syncDir` the
// directory is synced too, making the rename itself durable; per-task files
// skip that (as Mesos syncs nothing): on ext4 the next synced write to the
// task's update log commits the journal, renames and new directories with it.
//
// Synchronous on purpose: these files are small, on tmpfs a synchronous
// write costs microseconds where Node's asynchronous one costs ~50 us of
// this process's time, and on a disk the sync is the same wait either way.
import { closeSync, constants, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import { messageOf } from '../../errors.js';
import { CheckpointError } from './errors.js';

let serial = 0;

export function syncDirectory(dir: string): void {
  const fd = openSync(dir, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function writeAtomically(path: string, content: string, options: { syncDir?: boolean; made?: boolean } = {}): void {
  const dir = dirname(path);
  const temporary = join(dir, `.${basename(path)}.${process.pid}.${serial++}.tmp`);
  try {
    if (!options.made) mkdirSync(dir, { recursive: true });
    const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_SYNC, 0o600);
    try {
      writeFileSync(fd, content);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
    if (options.syncDir !== false) syncDirectory(dir);
  } catch (cause) {
    rmSync(temporary, { force: true });
    throw new CheckpointError('CHECKPOINT_WRITE_FAILED', path, `cannot checkpoint ${path}: ${messageOf(cause)}`, { cause });
  }
}

export function writeJsonAtomically(path: string, value: unknown, options?: { syncDir?: boolean; made?: boolean }): void {
  writeAtomically(path, `${JSON.stringify(value)}\n`, options);
}

export function isTemporaryCheckpoint(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}
