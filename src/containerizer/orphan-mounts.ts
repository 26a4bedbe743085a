// Mounts under the runtime directory that belong to no container. This
// containerizer pins nothing there itself (it names a container's init by pid
// and start time instead of bind-mounting its namespace), but a crash of an
// isolator module, or an older layout, can leave one; recover removes them.
import { readFileSync } from 'node:fs';

function unescape(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

export function orphanMounts(containersRoot: string, known: ReadonlySet<string>): string[] {
  const prefix = `${containersRoot}/`;
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => unescape(line.split(' ')[4] ?? ''))
    .filter((mountPoint) => mountPoint.startsWith(prefix))
    .filter((mountPoint) => !known.has(mountPoint.slice(prefix.length).split('/')[0]!))
    .reverse(); // deepest (last mounted) first
}

export async function unmountOrphan(mountPoint: string): Promise<void> {
  const { umountDetach } = await import('../../native-bindings/libc.js');
  umountDetach(mountPoint);
}
