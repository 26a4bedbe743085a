// gc (Mesos's sandbox garbage collection): forgets containers that ended,
// were abandoned during launch, or whose record is unreadable, older than a
// given age: their sandbox (when the containerizer made it) and their
// run-directory entry, after killing and cleaning up what they left. Never a
// running or launching one. One container's failure does not stop the others:
// each is reported.
import { statSync } from 'node:fs';

import { errnoCode, messageOf } from '../errors.js';
import type { ContainerizerContext } from './context.js';
import { sweepTorn } from './destroy.js';
import { withLockedView } from './locked.js';
import { removeSandbox } from './sandbox.js';
import { settle } from './settle.js';
import type { ContainerView } from './view.js';
import { viewContainer } from './view.js';

export interface GcResult {
  removed: Array<{ container_id: string; sandbox: string | null; cleanup_skipped?: string[] }>;
  kept: Array<{ container_id: string; reason: string }>;
  errors: Array<{ container_id: string; code: string | null; error: string }>;
}

interface GcOptions {
  olderThanMs: number;
  containerId?: string;
  timeoutSeconds: number;
}

/** When it ended (or, never having run, was made); for a torn entry, its last change. */
function endedAt(ctx: ContainerizerContext, view: ContainerView): number {
  if (view.phase === 'torn') {
    try {
      return statSync(ctx.runDir.dir(view.id)).mtimeMs;
    } catch {
      return 0;
    }
  }
  return view.termination?.finished_at ?? view.state.abortedAt ?? view.state.created;
}

type Verdict = { removed: GcResult['removed'][number] } | { kept: string };

async function collectOne(ctx: ContainerizerContext, id: string, options: GcOptions, now: number): Promise<Verdict> {
  const view = viewContainer(ctx, id);
  if (view.phase === 'launching' || view.phase === 'running') return { kept: view.phase };
  const age = now - endedAt(ctx, view);
  if (age < options.olderThanMs) return { kept: `ended ${Math.round(age / 1000)}s ago` };
  const deadline = now + options.timeoutSeconds * 1000;
  return withLockedView(ctx, id, deadline, async (locked) => {
    if (locked.phase === 'torn') {
      await sweepTorn(ctx, id, deadline); // its cgroups, found by name; its sandbox is not known
      ctx.runDir.remove(id);
      return { removed: { container_id: id, sandbox: null } };
    }
    if (locked.phase === 'launching' || locked.phase === 'running') return { kept: locked.phase };
    const { state } = locked;
    await settle(ctx, state, deadline);
    const pending = state.cleanupPending ?? [];
    if (pending.length > 0 && options.containerId === undefined) {
      return { kept: `cleanup pending for ${pending.join(', ')} (not loaded here): run gc with --modules that load them, or gc --container_id=${id} to forget it anyway` };
    }
    if (state.sandboxCreated) removeSandbox(state.sandbox);
    ctx.runDir.remove(id);
    return { removed: { container_id: id, sandbox: state.sandboxCreated ? state.sandbox : null, ...(pending.length > 0 && { cleanup_skipped: pending }) } };
  });
}

export async function collectGarbage(ctx: ContainerizerContext, options: GcOptions): Promise<GcResult> {
  const result: GcResult = { removed: [], kept: [], errors: [] };
  const now = ctx.host.now();
  for (const id of options.containerId !== undefined ? [options.containerId] : ctx.runDir.list()) {
    try {
      const verdict = await collectOne(ctx, id, options, now);
      if ('kept' in verdict) result.kept.push({ container_id: id, reason: verdict.kept });
      else result.removed.push(verdict.removed);
    } catch (error) {
      if (options.containerId !== undefined) throw error;
      if (errnoCode(error) === 'UNKNOWN_CONTAINER') continue; // forgotten by another gc meanwhile
      result.errors.push({ container_id: id, code: errnoCode(error) ?? null, error: messageOf(error) });
    }
  }
  return result;
}
