// The cgroup a resource isolator sets limits in: the container's own cgroup
// when the controller lives in its hierarchy (v2 with the controller), else a
// cgroup of the same name in the controller's v1 hierarchy, joined by the init.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { CgroupRef } from '../../cgroups/cgroup.js';
import { createCgroup, removeCgroup } from '../../cgroups/cgroup.js';
import type { ResourceController } from '../../cgroups/controllers.js';
import { enableController, locateController } from '../../cgroups/controllers.js';
import type { HierarchyChoice } from '../../cgroups/select.js';
import { ContainerizerError, messageOf } from '../../errors.js';

export interface CgroupSettings {
  cgroupsRoot: string;
  cgroupsHierarchy: HierarchyChoice;
  cgroupsEnableCfs: boolean;
}

export interface ResourceCgroupState {
  cgroup: CgroupRef;
  /** It is the container's own cgroup: removed with the container, not by us. */
  own: boolean;
}

export function resourceCgroup(controller: ResourceController, containerId: string, main: CgroupRef, settings: CgroupSettings): ResourceCgroupState {
  const mount = locateController(controller, settings.cgroupsHierarchy);
  if (mount.version === 2) enableController(mount.mountPoint, settings.cgroupsRoot, controller);
  if (mount.mountPoint === main.mountPoint) return { cgroup: main, own: true };
  const cgroup: CgroupRef = { version: mount.version, mountPoint: mount.mountPoint, path: join(mount.mountPoint, settings.cgroupsRoot, containerId) };
  createCgroup(cgroup);
  return { cgroup, own: false };
}

export function removeResourceCgroup(state: ResourceCgroupState | undefined): void {
  if (state && !state.own) removeCgroup(state.cgroup);
}

export function writeControl(cgroup: CgroupRef, control: string, value: string | number): void {
  try {
    writeFileSync(join(cgroup.path, control), String(value));
  } catch (cause) {
    throw new ContainerizerError('CGROUP_LIMIT_FAILED', `cannot set ${control} of cgroup ${cgroup.path} to ${value}: ${messageOf(cause)}`, { cause });
  }
}

export function readControl(cgroup: CgroupRef, control: string): string | undefined {
  try {
    return readFileSync(join(cgroup.path, control), 'utf8').trim();
  } catch {
    return undefined;
  }
}
