// recover, after a crash or a reboot: which containers ended while nobody was
// watching, which launches were abandoned, which entries are unreadable;
// which cgroups under our root and which mounts under the runtime dir belong
// to no container. With cleanup: ended ones are cleaned up, abandoned ones
// freed entirely (processes, cgroups, sandbox, entry), torn ones' cgroups
// found by name and killed and their entries removed, orphans destroyed and
// leftovers removed.
import { rmSync } from 'node:fs';
import { join } from 'node:path';

import type { CgroupRef } from '../cgroups/cgroup.js';
import { errnoCode, messageOf } from '../errors.js';
import type { ContainerizerContext } from './context.js';
import { sweepTorn } from './destroy.js';
import { withLockedView } from './locked.js';
import { removeSandbox } from './sandbox.js';
import { settle } from './settle.js';
import type { Termination } from './termination.js';
import { toTermination } from './termination.js';
import type { ContainerView } from './view.js';
import { viewContainer } from './view.js';

export interface RecoveredContainer {
  container_id: string;
  state: 'exited' | 'abandoned' | 'torn';
  /** How it ended, as its monitor recorded it (null fields when unknown). */
  termination: Termination | null;
  /** Its processes, cgroups and isolators were (now, with cleanup) cleaned up. */
  cleaned_up: boolean;
  /** Isolators whose cleanup waits for a process that has their module loaded. */
  cleanup_pending: string[];
  /** abandoned or torn, with cleanup: its entry (and the sandbox an abandoned launch made) was removed too. */
  removed: boolean;
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
  /** Claims a launch died making (hidden directories in the run directory). */
  stale_claims: Array<{ path: string; removed: boolean }>;
  errors: string[];
}

interface RecoverOptions {
  cleanup: boolean;
  timeoutSeconds: number;
}

/** Every cgroup directly under our root, in every hierarchy mounted now. */
function cgroupsUnderRoot(ctx: ContainerizerContext): CgroupRef[] {
  return ctx.cgroupMounts().flatMap((mount) =>
    ctx.host.cgroups.children(join(mount.mountPoint, ctx.cgroupsRoot)).map((path) => ({ version: mount.version, mountPoint: mount.mountPoint, path })),
  );
}

function needsRecovery(view: ContainerView): boolean {
  if (view.phase === 'launching' || view.phase === 'running') return false;
  return view.phase !== 'exited' || !view.state.cleanedUp;
}

async function recoverContainer(ctx: ContainerizerContext, id: string, deadline: number): Promise<Partial<RecoveredContainer>> {
  return withLockedView(ctx, id, deadline, async (view) => {
    if (view.phase === 'torn') {
      // Nothing in it can be trusted or used: what its id names is killed, and the id freed.
      await sweepTorn(ctx, id, deadline);
      ctx.runDir.remove(id);
      return { cleaned_up: true, removed: true };
    }
    if (view.phase === 'launching' || view.phase === 'running') return {};
    const { state } = view;
    await settle(ctx, state, deadline);
    if (view.phase === 'abandoned' && state.cleanedUp) {
      if (state.sandboxCreated) removeSandbox(state.sandbox);
      ctx.runDir.remove(id);
      return { cleaned_up: true, removed: true };
    }
    return { cleaned_up: state.cleanedUp === true, cleanup_pending: state.cleanupPending ?? [], termination: toTermination(viewContainer(ctx, id)) };
  });
}

async function recoverContainers(ctx: ContainerizerContext, options: RecoverOptions, deadline: number, report: RecoveryReport): Promise<Set<string>> {
  const known = new Set<string>();
  for (const id of ctx.runDir.list()) {
    let view: ContainerView;
    try {
      view = viewContainer(ctx, id);
    } catch {
      continue; // forgotten meanwhile
    }
    known.add(id);
    if (!needsRecovery(view)) continue;
    const entry: RecoveredContainer = {
      container_id: id,
      state: view.phase as RecoveredContainer['state'],
      termination: view.phase === 'torn' ? null : toTermination(view),
      cleaned_up: false,
      cleanup_pending: view.state?.cleanupPending ?? [],
      removed: false,
    };
    if (options.cleanup) {
      try {
        Object.assign(entry, await recoverContainer(ctx, id, deadline));
      } catch (error) {
        if (errnoCode(error) !== 'UNKNOWN_CONTAINER') report.errors.push(messageOf(error));
      }
    }
    report.containers.push(entry);
  }
  return known;
}

export async function recover(ctx: ContainerizerContext, options: RecoverOptions): Promise<RecoveryReport> {
  const report: RecoveryReport = { containers: [], orphan_cgroups: [], orphan_mounts: [], stale_claims: [], errors: [] };
  const deadline = ctx.host.now() + options.timeoutSeconds * 1000;
  const known = await recoverContainers(ctx, options, deadline, report);

  for (const cgroup of cgroupsUnderRoot(ctx)) {
    if (known.has(cgroup.path.slice(cgroup.path.lastIndexOf('/') + 1))) continue;
    const orphan: OrphanCgroup = { path: cgroup.path, processes: ctx.host.cgroups.processes(cgroup), removed: false };
    if (options.cleanup) {
      try {
        await ctx.host.cgroups.kill(cgroup, deadline);
        ctx.host.cgroups.remove(cgroup);
        orphan.removed = true;
      } catch (error) {
        report.errors.push(messageOf(error));
      }
    }
    report.orphan_cgroups.push(orphan);
  }

  const prefix = `${ctx.runDir.root}/`;
  for (const mountPoint of ctx.host.mountsUnder(ctx.runDir.root)) {
    if (!mountPoint.startsWith(prefix) || known.has(mountPoint.slice(prefix.length).split('/')[0]!)) continue;
    let removed = false;
    if (options.cleanup) {
      try {
        await ctx.host.unmount(mountPoint);
        removed = true;
      } catch (error) {
        report.errors.push(messageOf(error));
      }
    }
    report.orphan_mounts.push({ mount_point: mountPoint, removed });
  }

  for (const claim of ctx.runDir.claimsInProgress()) {
    if (ctx.host.stat(claim.pid) !== undefined) continue; // its launch is making it now
    if (options.cleanup) rmSync(claim.path, { recursive: true, force: true });
    report.stale_claims.push({ path: claim.path, removed: options.cleanup });
  }
  return report;
}
