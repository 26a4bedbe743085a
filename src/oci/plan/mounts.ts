// config.json's mounts, in order, to plan words. Bind sources are host
// paths (relative ones are below the bundle); destinations are paths in the
// container, resolved inside the rootfs by the C side. A "cgroup" mount
// becomes what runc makes on a v1 or hybrid host: a tmpfs holding a bind of
// the container's own cgroup in each hierarchy (read-only when asked).
import { basename, posix, resolve } from 'node:path';

import type { CgroupLayout } from '../cgroups/layout.js';
import type { OciMount } from '../schema/config.js';
import { OciConfigError, OciUnsupportedError } from '../errors.js';
import { MS } from './linux-constants.js';
import { parseMountOptions } from './mount-options.js';
import type { PlanWords } from './words.js';

export interface MountContext {
  file: string;
  bundle: string;
  cgroups: CgroupLayout;
}

interface PlannedMount {
  source: string;
  target: string;
  type: string;
  flags: number;
  propagation: number;
  recursiveReadonly: boolean;
  data: string;
}

function add(words: PlanWords, m: PlannedMount): void {
  words.add('--mount', m.source, m.target, m.type, m.flags, m.propagation, m.recursiveReadonly ? 1 : 0, m.data);
}

function cgroupMounts(target: string, options: ReturnType<typeof parseMountOptions>, ctx: MountContext, words: PlanWords): void {
  const readOnly = (options.flags & MS.RDONLY) !== 0;
  const flags = MS.NOSUID | MS.NODEV | MS.NOEXEC;
  add(words, { source: 'tmpfs', target, type: 'tmpfs', flags, propagation: 0, recursiveReadonly: false, data: 'mode=755' });
  for (const dir of ctx.cgroups.dirs) {
    const name = dir.version === 2 ? 'unified' : basename(dir.mountPoint);
    add(words, { source: dir.path, target: posix.join(target, name), type: 'bind', flags: MS.BIND | flags | (readOnly ? MS.RDONLY : 0), propagation: 0, recursiveReadonly: false, data: '' });
  }
  if (readOnly) add(words, { source: '', target, type: '', flags: MS.REMOUNT | MS.RDONLY | flags, propagation: 0, recursiveReadonly: false, data: 'mode=755' });
}

export function mountWords(mounts: readonly OciMount[], ctx: MountContext, words: PlanWords): void {
  mounts.forEach((mount, i) => {
    const where = `mounts[${i}]`;
    if (mount.uidMappings?.length || mount.gidMappings?.length) throw new OciUnsupportedError(ctx.file, `${where}: idmapped mounts are not supported yet`);
    const target = posix.resolve('/', mount.destination);
    if (target === '/') throw new OciConfigError(ctx.file, `${where}.destination: cannot mount over the container's root`);
    const options = parseMountOptions(mount.options ?? [], ctx.file, where);
    const type = mount.type ?? '';
    if (type === 'cgroup' || type === 'cgroup2') return cgroupMounts(target, options, ctx, words);
    const bind = type === 'bind' || (options.flags & MS.BIND) !== 0;
    if (bind) {
      if (!mount.source) throw new OciConfigError(ctx.file, `${where}.source: a bind mount needs a source`);
      return add(words, { ...options, source: resolve(ctx.bundle, mount.source), target, type: 'bind', flags: options.flags | MS.BIND, data: '' });
    }
    if (!type) throw new OciConfigError(ctx.file, `${where}.type: a mount that is not a bind needs a type`);
    const data = options.data.join(',');
    // /dev read-only is made read-only after its devices are made in it
    if (target === '/dev' && options.flags & MS.RDONLY) {
      add(words, { ...options, source: mount.source ?? type, target, type, flags: options.flags & ~MS.RDONLY, data });
      return add(words, { source: '', target, type: '', flags: MS.REMOUNT | options.flags, propagation: 0, recursiveReadonly: false, data });
    }
    add(words, { ...options, source: mount.source ?? type, target, type, data });
  });
}
