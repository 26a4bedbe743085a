// Which hierarchy holds each container's cgroup (the one destroy sweeps).
// auto prefers cgroup v2 where it is the system's real cgroup root or has
// cgroup.kill (Linux 5.14+); otherwise the v1 freezer.
import { release } from 'node:os';

import { InvalidInputError } from '../errors.js';
import type { CgroupMount } from './mounts.js';
import { readCgroupMounts } from './mounts.js';

export type HierarchyChoice = 'auto' | 'v1' | 'v2';
export const HIERARCHY_CHOICES: readonly HierarchyChoice[] = ['auto', 'v1', 'v2'];

export interface SelectedHierarchy {
  version: 1 | 2;
  mountPoint: string;
}

export function kernelHasCgroupKill(kernelRelease = release()): boolean {
  const [major = 0, minor = 0] = kernelRelease.split(/[.-]/).map(Number);
  return major > 5 || (major === 5 && minor >= 14);
}

export function selectHierarchy(
  choice: HierarchyChoice,
  mounts: CgroupMount[] = readCgroupMounts(),
  hasKill: boolean = kernelHasCgroupKill(),
): SelectedHierarchy {
  const v2 = mounts.find((m) => m.version === 2);
  const freezer = mounts.find((m) => m.version === 1 && m.controllers.includes('freezer'));
  const pick = (m: CgroupMount): SelectedHierarchy => ({ version: m.version, mountPoint: m.mountPoint });

  if (choice === 'v2') {
    if (!v2) throw new InvalidInputError('CGROUP_UNAVAILABLE', '--cgroups_hierarchy=v2: no cgroup2 file system is mounted');
    return pick(v2);
  }
  if (choice === 'v1') {
    if (!freezer)
      throw new InvalidInputError('CGROUP_UNAVAILABLE', '--cgroups_hierarchy=v1: no cgroup v1 hierarchy with the freezer controller is mounted');
    return pick(freezer);
  }
  if (v2 && (v2.mountPoint === '/sys/fs/cgroup' || hasKill)) return pick(v2);
  if (freezer) return pick(freezer);
  if (v2) return pick(v2);
  throw new InvalidInputError('CGROUP_UNAVAILABLE', 'no cgroup hierarchy is mounted: need cgroup2, or cgroup v1 with the freezer controller');
}
