// /dev in the rootfs: the config's devices and the ones every container
// gets (runc's defaults), and the usual symlinks. When /dev is the host's
// (a bind mount), nothing is made there.
import { posix } from 'node:path';

import type { OciDevice, OciMount } from '../schema/config.js';
import { OciConfigError } from '../errors.js';
import type { PlanWords } from './words.js';

const DEFAULTS: ReadonlyArray<Required<OciDevice>> = [
  ['/dev/null', 1, 3], ['/dev/zero', 1, 5], ['/dev/full', 1, 7], ['/dev/random', 1, 8], ['/dev/urandom', 1, 9], ['/dev/tty', 5, 0],
].map(([path, major, minor]) => ({ type: 'c', path: path as string, major: major as number, minor: minor as number, fileMode: 0o666, uid: 0, gid: 0 }));

const SYMLINKS: ReadonlyArray<[string, string]> = [
  ['/proc/self/fd', '/dev/fd'], ['/proc/self/fd/0', '/dev/stdin'], ['/proc/self/fd/1', '/dev/stdout'], ['/proc/self/fd/2', '/dev/stderr'],
];

function hostDev(mounts: readonly OciMount[]): boolean {
  return mounts.some((m) => posix.normalize(m.destination) === '/dev' && (m.type === 'bind' || m.options?.some((o) => o === 'bind' || o === 'rbind')));
}

export function deviceWords(devices: readonly OciDevice[], mounts: readonly OciMount[], file: string, words: PlanWords, hasKcore: boolean): void {
  if (hostDev(mounts)) return;
  const given = new Set<string>();
  devices.forEach((d, i) => {
    if (!d.path.startsWith('/')) throw new OciConfigError(file, `linux.devices[${i}].path: '${d.path}' is not an absolute path`);
    const type = d.type === 'u' ? 'c' : d.type;
    if (!['c', 'b', 'p'].includes(type)) throw new OciConfigError(file, `linux.devices[${i}].type: '${d.type}' is not c, b, u or p`);
    if (type !== 'p' && (d.major === undefined || d.minor === undefined)) throw new OciConfigError(file, `linux.devices[${i}]: a ${type} device needs major and minor`);
    given.add(posix.normalize(d.path));
    words.add('--device', posix.normalize(d.path), type, d.major ?? 0, d.minor ?? 0, d.fileMode ?? 0o666, d.uid ?? 0, d.gid ?? 0);
  });
  for (const d of DEFAULTS) if (!given.has(d.path)) words.add('--device', d.path, d.type, d.major, d.minor, d.fileMode, d.uid, d.gid);
  for (const [target, link] of SYMLINKS) words.add('--symlink', target, link);
  if (hasKcore) words.add('--symlink', '/proc/kcore', '/dev/core');
  words.add('--symlink', 'pts/ptmx', '/dev/ptmx');
}
