// Checkpoint files are replaced whole: written to a temporary file, synced,
// renamed over the old one, and the directory synced, so that a crash at any
// point leaves either the old file or the new one, never half of one.
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { messageOf } from '../../errors.js';
import { CheckpointError } from './errors.js';

let serial = 0;

export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function writeAtomically(path: string, content: string): Promise<void> {
  const dir = dirname(path);
  const temporary = join(dir, `.${basename(path)}.${process.pid}.${serial++}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
    await syncDirectory(dir);
  } catch (cause) {
    await rm(temporary, { force: true });
    throw new CheckpointError('CHECKPOINT_WRITE_FAILED', path, `cannot checkpoint ${path}: ${messageOf(cause)}`, { cause });
  }
}

export function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  return writeAtomically(path, `${JSON.stringify(value)}\n`);
}

export function isTemporaryCheckpoint(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}
