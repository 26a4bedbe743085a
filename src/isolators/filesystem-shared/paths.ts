// Paths compared by components, never by string prefix: /tmp is not a parent
// of /tmp2.
import { posix } from 'node:path';

export function components(path: string): string[] {
  return path.split('/').filter((part) => part !== '' && part !== '.');
}

/** True when `path` is `ancestor` or below it. */
export function isAtOrBelow(path: string, ancestor: string): boolean {
  const a = components(ancestor);
  const p = components(path);
  return a.length <= p.length && a.every((part, i) => part === p[i]);
}

export function depth(path: string): number {
  return components(path).length;
}

export function normalizeAbsolute(path: string): string {
  return posix.normalize(path).replace(/\/+$/, '') || '/';
}
