// A container's cgroups: the ones its record names, and, for a launch that
// never finished, any cgroup named after it under its cgroups root in any
// hierarchy (an isolator that died half-way, before its state was recorded,
// may have made one).
import { join } from 'node:path';

import type { CgroupRef } from '../cgroups/cgroup.js';
import type { ContainerizerContext } from './context.js';
import type { ContainerState } from './run-dir/records.js';

export function cgroupsByName(ctx: ContainerizerContext, cgroupsRoot: string, id: string): CgroupRef[] {
  return ctx.cgroupMounts().map((m) => ({ version: m.version, mountPoint: m.mountPoint, path: join(m.mountPoint, cgroupsRoot, id) }));
}

/** Its own cgroup first (the one destroy kills through), then the rest. */
export function containerCgroups(ctx: ContainerizerContext, state: ContainerState): CgroupRef[] {
  const found = new Map<string, CgroupRef>();
  // Once the launch recorded its isolators' state (running, or aborted and undone), the record names them all.
  const byName = state.phase === 'launching' ? cgroupsByName(ctx, state.cgroupsRoot, state.containerId) : [];
  for (const ref of [...(state.cgroup ? [state.cgroup] : []), ...(state.resourceCgroups ?? []), ...byName]) {
    if (!found.has(ref.path)) found.set(ref.path, ref);
  }
  return [...found.values()];
}
