// What isolators contribute to a launch: data, not actions (DESIGN.md §4).
// The launcher turns the merged result into the init stub's arguments.
import type { CgroupRef } from '../cgroups/cgroup.js';

export type Namespace = 'pid' | 'mount';

export type MountSpec =
  | { type: 'proc'; target: string }
  | { type: 'bind'; source: string; target: string; readOnly: boolean };

/** Capability numbers (capabilities(7)): Mesos's effective and bounding sets. */
export interface CapabilitySets {
  effective?: number[];
  bounding?: number[];
}

export interface LaunchInfo {
  namespaces?: Namespace[];
  /** Cgroups (of other controllers or hierarchies) the init joins before the task starts. */
  cgroups?: CgroupRef[];
  /** Applied in order, after mount propagation has been made slave. */
  mounts?: MountSpec[];
  env?: Record<string, string>;
  /** Applied in the task right before exec; a later isolator's sets replace an earlier one's. */
  capabilities?: CapabilitySets;
  /** Set no_new_privs in the task: no setuid bit or file capability raises its privileges. */
  noNewPrivileges?: boolean;
  /**
   * A memory cgroup the init stub watches while the container runs: at its
   * first OOM kill the stub records the memory limitation, then ends the
   * container. The isolator's limitation() is then not polled.
   */
  oomCgroup?: CgroupRef;
  /** Kept in the container's state for cleanup and status in any later process. */
  state?: unknown;
}

export interface MergedLaunchInfo {
  namespaces: Set<Namespace>;
  cgroups: CgroupRef[];
  mounts: MountSpec[];
  env: Record<string, string>;
  capabilities?: CapabilitySets;
  noNewPrivileges: boolean;
  /** The first one given: the stub watches one memory cgroup. */
  oomCgroup?: CgroupRef;
}

export function mergeLaunchInfos(parts: Array<LaunchInfo | undefined>): MergedLaunchInfo {
  const merged: MergedLaunchInfo = { namespaces: new Set(), cgroups: [], mounts: [], env: {}, noNewPrivileges: false };
  for (const part of parts) {
    if (!part) continue;
    for (const ns of part.namespaces ?? []) merged.namespaces.add(ns);
    for (const cg of part.cgroups ?? []) if (!merged.cgroups.some((c) => c.path === cg.path)) merged.cgroups.push(cg);
    merged.mounts.push(...(part.mounts ?? []));
    Object.assign(merged.env, part.env);
    if (part.capabilities) merged.capabilities = part.capabilities;
    if (part.noNewPrivileges) merged.noNewPrivileges = true;
    merged.oomCgroup ??= part.oomCgroup;
  }
  // Mounts live in a mount namespace of their own, never in the host's.
  if (merged.mounts.length > 0) merged.namespaces.add('mount');
  return merged;
}
