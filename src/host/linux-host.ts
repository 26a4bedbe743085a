// The real host: /proc, pidfds, cgroupfs, mountinfo and the init stub.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { createCgroup, listProcesses, removeCgroup } from '../cgroups/cgroup.js';
import { freezeCgroup, thawCgroup } from '../cgroups/freeze.js';
import { killCgroup } from '../cgroups/kill.js';
import { readCgroupMounts } from '../cgroups/mounts.js';
import { forkContainer } from '../launcher/linux-launcher.js';
import { identify } from '../proc/identity.js';
import type { ProcessIdentity } from '../proc/identity.js';
import { signalIdentity } from '../proc/pidfd-signal.js';
import { allPids, childrenOf } from '../proc/processes.js';
import { readProcStat } from '../proc/stat.js';
import type { Host, HostCgroups } from './host.js';
import { mountPointsUnder, unmountDetached } from './mount-table.js';

const cgroups: HostCgroups = {
  mounts: readCgroupMounts,
  create: createCgroup,
  remove: removeCgroup,
  exists: (ref) => existsSync(ref.path),
  processes: listProcesses,
  children(path) {
    try {
      return readdirSync(path, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(path, e.name));
    } catch {
      return [];
    }
  },
  freeze: freezeCgroup,
  thaw: thawCgroup,
  killAtOnce(ref) {
    if (ref.version !== 2) return false;
    const control = join(ref.path, 'cgroup.kill');
    if (!existsSync(control)) return false;
    try {
      writeFileSync(control, '1');
      return true;
    } catch {
      return false; // removed meanwhile: its processes are gone
    }
  },
  kill: killCgroup,
};

let bootId: string | undefined;
let self: ProcessIdentity | undefined;

export const linuxHost: Host = {
  now: () => Date.now(),
  sleep: (ms) => sleep(ms),
  bootId: () => (bootId ??= readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()),
  isRoot: () => process.getuid?.() === 0,
  self: () => (self ??= identify(process.pid)!),
  stat: readProcStat,
  pids: allPids,
  childrenOf,
  signal: signalIdentity,
  cgroups,
  mountsUnder: mountPointsUnder,
  unmount: unmountDetached,
  spawnStub: forkContainer,
};
