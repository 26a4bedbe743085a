// Removing a directory tree that tasks wrote, as root, without trusting it:
// every directory is opened with O_NOFOLLOW and its entries are reached
// through that descriptor (/proc/self/fd/N/name, as openat would), so a
// symbolic link, or a directory a task swaps for one meanwhile, is removed
// itself and never followed. The walk stays on one file system and refuses a
// tree with a mount in it: what is mounted there belongs to someone else.
import { constants } from 'node:fs';
import { lstat, open, readdir, rmdir, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { errnoCode, messageOf } from '../../errors.js';
import { mountPointsUnder } from '../../host/mount-table.js';
import { GcRemovalError } from './errors.js';

const OPEN_DIRECTORY = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Files of one directory removed at once (the file system's threads work in parallel). */
const BATCH = 32;

const viaFd = (handle: FileHandle, name: string): string => `/proc/self/fd/${handle.fd}/${name}`;

function failed(path: string, cause: unknown): GcRemovalError {
  const code = errnoCode(cause) ?? 'EIO';
  return new GcRemovalError(path, code, `cannot remove ${path}: ${messageOf(cause)}`, { cause });
}

/** Unlinks a non-directory (never follows it); false if it turned out to be a directory. */
async function unlinkEntry(at: string, path: string): Promise<boolean> {
  try {
    await unlink(at);
    return true;
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT') return true;
    if (code === 'EISDIR') return false; // swapped for a directory meanwhile
    throw failed(path, error);
  }
}

/** Removes `name` of the directory open as `parent`; `path` is only for messages. */
async function removeEntry(parent: FileHandle, name: string, path: string, device: number, isDirectory: boolean): Promise<void> {
  const at = viaFd(parent, name);
  if (!isDirectory && (await unlinkEntry(at, path))) return;
  let handle: FileHandle;
  try {
    handle = await open(at, OPEN_DIRECTORY);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT') return;
    if (code !== 'ENOTDIR' && code !== 'ELOOP') throw failed(path, error);
    // Not a directory (now): a file, a symbolic link, a FIFO... unlink never follows.
    await unlinkEntry(at, path);
    return;
  }
  try {
    const stats = await handle.stat();
    if (stats.dev !== device) throw new GcRemovalError(path, 'MOUNTED', `cannot remove ${path}: another file system is mounted there`);
    const entries = await readdir(viaFd(handle, '.'), { withFileTypes: true });
    // Files a batch at a time; directories one at a time, so that at most one descriptor per level is open.
    const files = entries.filter((entry) => !entry.isDirectory());
    for (let i = 0; i < files.length; i += BATCH) {
      await Promise.all(files.slice(i, i + BATCH).map((entry) => removeEntry(handle, entry.name, join(path, entry.name), device, false)));
    }
    for (const entry of entries.filter((e) => e.isDirectory())) await removeEntry(handle, entry.name, join(path, entry.name), device, true);
  } finally {
    await handle.close();
  }
  await rmdir(at).catch((cause) => {
    if (errnoCode(cause) !== 'ENOENT') throw failed(path, cause);
  });
}

/**
 * Removes the tree at `path` (a directory, or whatever a task left in its
 * place). Resolves false when there was nothing to remove. Throws a
 * GcRemovalError naming the path when a mount is at or under it (nothing
 * is removed then) or a removal fails.
 */
export async function removeTree(path: string): Promise<boolean> {
  const mounted = mountPointsUnder(path);
  if (mounted.length > 0) throw new GcRemovalError(path, 'MOUNTED', `cannot remove ${path}: ${mounted.at(-1)} is mounted there`);
  let parent: FileHandle;
  try {
    parent = await open(dirname(path), OPEN_DIRECTORY);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false;
    throw failed(path, error);
  }
  try {
    const there = await lstat(viaFd(parent, basename(path))).then(
      () => true,
      (error: unknown) => {
        if (errnoCode(error) === 'ENOENT') return false;
        throw failed(path, error);
      },
    );
    if (!there) return false;
    await removeEntry(parent, basename(path), path, (await parent.stat()).dev, true);
    return true;
  } finally {
    await parent.close();
  }
}
