// Where a resource controller (cpu, memory) lives: cgroup v2 if its unified
// hierarchy offers it, else the v1 hierarchy it is mounted in. An explicit
// --cgroups_hierarchy holds for controllers too. A controller the machine
// lacks is a clear error, naming what there is.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { InvalidInputError } from '../errors.js';
import type { CgroupMount } from './mounts.js';
import { readCgroupMounts, v2Controllers } from './mounts.js';
import type { HierarchyChoice } from './select.js';

export type ResourceController = 'cpu' | 'memory';

export function locateController(
  controller: ResourceController,
  choice: HierarchyChoice,
  mounts: CgroupMount[] = readCgroupMounts(),
  controllersOf: (mountPoint: string) => string[] = v2Controllers,
): CgroupMount {
  const v2 = mounts.find((m) => m.version === 2);
  const v2Has = v2 !== undefined && controllersOf(v2.mountPoint).includes(controller);
  const v1 = mounts.find((m) => m.version === 1 && m.controllers.includes(controller));
  const v2Says = v2
    ? `the cgroup v2 hierarchy at ${v2.mountPoint} has no ${controller} controller (it has: ${controllersOf(v2.mountPoint).join(' ') || 'none'})`
    : 'no cgroup v2 hierarchy is mounted';
  const v1Says = `no cgroup v1 hierarchy has the ${controller} controller`;
  const fail = (why: string): never => {
    throw new InvalidInputError('CGROUP_CONTROLLER_UNAVAILABLE', `the ${controller} controller is not available: ${why}`);
  };
  if (choice === 'v2') return v2Has ? v2! : fail(`${v2Says} (--cgroups_hierarchy=v2)`);
  if (choice === 'v1') return v1 ?? fail(`${v1Says} (--cgroups_hierarchy=v1)`);
  return v2Has ? v2! : (v1 ?? fail(`${v2Says}, and ${v1Says}`));
}

/** On v2, a controller works in a cgroup only once every ancestor delegates it. */
export function enableController(mountPoint: string, root: string, controller: ResourceController): void {
  let path = mountPoint;
  for (const part of ['', ...root.split('/')]) {
    path = part ? join(path, part) : path;
    writeFileSync(join(path, 'cgroup.subtree_control'), `+${controller}`);
  }
}
