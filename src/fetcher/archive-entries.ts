// Archive entries that would write outside the sandbox are refused, before
// anything is extracted: absolute names, '..', symbolic or hard links that
// point out, device files.
import { posix } from 'node:path';

export interface EntryHeader {
  path: string;
  type: string;
  linkpath?: string;
}

function escapes(relativePath: string): boolean {
  const normal = posix.normalize(relativePath);
  return normal === '..' || normal.startsWith('../') || posix.isAbsolute(normal);
}

/** Why the entry is refused, or undefined when it is safe. */
export function unsafeEntry(entry: EntryHeader): string | undefined {
  const { path, type, linkpath } = entry;
  if (posix.isAbsolute(path)) return `entry '${path}' has an absolute name`;
  if (path.split('/').includes('..')) return `entry '${path}' has '..' in its name`;
  if (['CharacterDevice', 'BlockDevice', 'FIFO'].includes(type)) return `entry '${path}' is a device file (${type})`;
  if (type === 'SymbolicLink' && linkpath !== undefined) {
    if (posix.isAbsolute(linkpath) || escapes(posix.join(posix.dirname(path), linkpath))) {
      return `entry '${path}' is a symbolic link to '${linkpath}', outside the sandbox`;
    }
  }
  if (type === 'Link' && linkpath !== undefined && escapes(linkpath)) {
    return `entry '${path}' is a hard link to '${linkpath}', outside the sandbox`;
  }
  return undefined;
}
