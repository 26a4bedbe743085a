// The host's mount table, from /proc/self/mountinfo.
import { readFileSync } from 'node:fs';

import { umountDetach } from '../../native-bindings/libc.js';

/** mountinfo escapes space, tab, newline and backslash as octal. */
export function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** Mount points at or below `prefix`, deepest (last mounted) first. */
export function mountPointsUnder(prefix: string): string[] {
  const base = prefix.endsWith('/') ? prefix : `${prefix}/`;
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => unescapeMountPath(line.split(' ')[4] ?? ''))
    .filter((mountPoint) => mountPoint === prefix || mountPoint.startsWith(base))
    .reverse();
}

export async function unmountDetached(mountPoint: string): Promise<void> {
  umountDetach(mountPoint);
}
