// What every container gets, whatever its isolators: its own mount namespace
// in which the cgroup filesystems are read-only, recursively. cgroup.procs
// belongs to root, so file permissions do not stop a root task from writing
// itself out of its cgroup (with or without capabilities); a cgroup namespace
// bounds migration only on a v2 hierarchy mounted with nsdelegate. A
// read-only view does (as Docker's), for as long as the task cannot remount
// it: that takes CAP_SYS_ADMIN (see linux/capabilities).
import type { CgroupMount } from '../cgroups/mounts.js';
import { readCgroupMounts } from '../cgroups/mounts.js';
import type { LaunchInfo } from './launch-info.js';
import { isAtOrBelow } from './filesystem-shared/paths.js';

const USUAL_ROOT = '/sys/fs/cgroup';

/** The fewest trees that hold every cgroup mount: /sys/fs/cgroup, and any mounted elsewhere. */
export function cgroupTrees(mounts: readonly CgroupMount[]): string[] {
  const trees = mounts.map((m) => (isAtOrBelow(m.mountPoint, USUAL_ROOT) ? USUAL_ROOT : m.mountPoint));
  const unique = [...new Set(trees)].sort();
  return unique.filter((tree) => !unique.some((other) => other !== tree && isAtOrBelow(tree, other)));
}

export function readOnlyCgroupView(mounts: readonly CgroupMount[] = readCgroupMounts()): LaunchInfo {
  const trees = cgroupTrees(mounts);
  return {
    namespaces: ['mount'],
    mounts: trees.map((tree) => ({ type: 'bind', source: tree, target: tree, readOnly: true })),
  };
}
