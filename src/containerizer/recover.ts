// recover, after a crash or a reboot: which containers ended while nobody was
// watching, which cgroups under our root belong to no container (orphans),
// which mounts under the runtime dir belong to no container. With cleanup,
// orphans are destroyed and leftovers removed.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { CgroupRef } from '../cgroups/cgroup.js';
import { listProcesses, removeCgroup } from '../cgroups/cgroup.js';
import { killCgroup } from '../cgroups/kill.js';
import { readCgroupMounts } from '../cgroups/mounts.js';
import { messageOf } from '../errors.js';
import type { ContainerizerContext } from './context.js';
import { orphanMounts, unmountOrphan } from './orphan-mounts.js';
import { terminationOf, viewContainer } from './status.js';
import { teardown } from './teardown.js';
import type { Termination } from './termination.js';

export interface RecoveredContainer {
  container_id: string;
  state: 'running' | 'exited';
  /** How it ended, as its monitor recorded it (null fields when unknown). */
  termination: Termination | null;
  /** Its cgroup and isolators were (now, with cleanup) cleaned up. */
  cleaned_up: boolean;
}

export interface OrphanCgroup {
  path: string;
  processes: number[];
  removed: boolean;
}

export interface RecoveryReport {
  containers: RecoveredContainer[];
  orphan_cgroups: OrphanCgroup[];
  orphan_mounts: Array<{ mount_point: string; removed: boolean }>;
  errors: string[];
}

/** Every cgroup directly under our root, in every hierarchy mounted now. */
function cgroupsUnderRoot(ctx: ContainerizerContext): CgroupRef[] {
  return readCgroupMounts().flatMap((mount) => {
    const root = join(mount.mountPoint, ctx.cgroupsRoot);
    try {
      return readdirSync(root, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => ({ version: mount.version, mountPoint: mount.mountPoint, path: join(root, entry.name) }));
    } catch {
      return [];
    }
  });
}

export async function recover(ctx: ContainerizerContext, options: { cleanup: boolean; timeoutSeconds: number }): Promise<RecoveryReport> {
  const report: RecoveryReport = { containers: [], orphan_cgroups: [], orphan_mounts: [], errors: [] };
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const known = new Set<string>();

  for (const id of ctx.runDir.list()) {
    let view;
    try {
      view = viewContainer(ctx.runDir, id);
    } catch {
      continue; // an id claimed by a launch that has not written its state yet
    }
    known.add(id);
    if (view.phase !== 'exited' || view.state.cleanedUp) continue;
    const entry: RecoveredContainer = { container_id: id, state: 'exited', termination: terminationOf(view) ?? null, cleaned_up: false };
    if (options.cleanup) {
      try {
        await teardown(ctx, view.state, deadline);
        entry.cleaned_up = true;
      } catch (error) {
        report.errors.push(messageOf(error));
      }
    }
    report.containers.push(entry);
  }

  for (const cgroup of cgroupsUnderRoot(ctx)) {
    const id = cgroup.path.slice(cgroup.path.lastIndexOf('/') + 1);
    if (known.has(id)) continue;
    const orphan: OrphanCgroup = { path: cgroup.path, processes: listProcesses(cgroup), removed: false };
    if (options.cleanup) {
      try {
        await killCgroup(cgroup, deadline);
        removeCgroup(cgroup);
        orphan.removed = true;
      } catch (error) {
        report.errors.push(messageOf(error));
      }
    }
    report.orphan_cgroups.push(orphan);
  }

  for (const mountPoint of orphanMounts(ctx.runDir.root, known)) {
    let removed = false;
    if (options.cleanup) {
      try {
        await unmountOrphan(mountPoint);
        removed = true;
      } catch (error) {
        report.errors.push(messageOf(error));
      }
    }
    report.orphan_mounts.push({ mount_point: mountPoint, removed });
  }
  return report;
}
