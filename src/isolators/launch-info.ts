// What isolators contribute to a launch: data, not actions (DESIGN.md §4).
// The launcher turns the merged result into the init stub's arguments.

export type Namespace = 'pid' | 'mount';

export type MountSpec =
  | { type: 'proc'; target: string }
  | { type: 'bind'; source: string; target: string; readOnly: boolean };

export interface LaunchInfo {
  namespaces?: Namespace[];
  /** Applied in order, after mount propagation has been made private. */
  mounts?: MountSpec[];
  env?: Record<string, string>;
  /** Kept in the container's state for cleanup and status in any later process. */
  state?: unknown;
}

export interface MergedLaunchInfo {
  namespaces: Set<Namespace>;
  mounts: MountSpec[];
  env: Record<string, string>;
}

export function mergeLaunchInfos(parts: Array<LaunchInfo | undefined>): MergedLaunchInfo {
  const merged: MergedLaunchInfo = { namespaces: new Set(), mounts: [], env: {} };
  for (const part of parts) {
    if (!part) continue;
    for (const ns of part.namespaces ?? []) merged.namespaces.add(ns);
    merged.mounts.push(...(part.mounts ?? []));
    Object.assign(merged.env, part.env);
  }
  // Mounts live in a mount namespace of their own, never in the host's.
  if (merged.mounts.length > 0) merged.namespaces.add('mount');
  return merged;
}
