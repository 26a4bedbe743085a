// gc (Mesos's sandbox garbage collection): forgets ended containers older
// than a given age: their sandbox (when the containerizer made it) and their
// run-directory entry, after cleaning up what they left. Never a running one.
import type { ContainerizerContext } from './context.js';
import { viewContainer } from './status.js';
import { removeSandbox } from './sandbox.js';
import { teardown } from './teardown.js';

export interface GcResult {
  removed: Array<{ container_id: string; sandbox: string | null }>;
  kept: Array<{ container_id: string; reason: string }>;
}

export async function collectGarbage(ctx: ContainerizerContext, options: { olderThanMs: number; containerId?: string; timeoutSeconds: number }): Promise<GcResult> {
  const result: GcResult = { removed: [], kept: [] };
  const now = Date.now();
  const ids = options.containerId ? [options.containerId] : ctx.runDir.list();
  for (const id of ids) {
    let view;
    try {
      view = viewContainer(ctx.runDir, id);
    } catch (error) {
      if (options.containerId) throw error;
      continue; // a launch claiming the id right now
    }
    if (view.phase !== 'exited') {
      result.kept.push({ container_id: id, reason: view.phase });
      continue;
    }
    const endedAt = view.termination?.finished_at ?? view.state.created;
    if (now - endedAt < options.olderThanMs) {
      result.kept.push({ container_id: id, reason: `ended ${Math.round((now - endedAt) / 1000)}s ago` });
      continue;
    }
    await teardown(ctx, view.state, now + options.timeoutSeconds * 1000);
    if (view.state.sandboxCreated) removeSandbox(view.state.sandbox);
    ctx.runDir.remove(id);
    result.removed.push({ container_id: id, sandbox: view.state.sandboxCreated ? view.state.sandbox : null });
  }
  return result;
}
