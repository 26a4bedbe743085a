// A container's end, finished: what it left (daemons outside a pid
// namespace, its cgroups, isolator state) goes with it, as Mesos destroys on
// exit, under the container's lock; then its record is read again, so the
// answer holds what the cleanup found (a limitation recorded meanwhile). A
// cleanup failure is reported beside the end, never instead of it. Both
// ways of learning of an end use it: following a container this process
// launched (follow.ts) and watching one it did not (watcher.ts).
import type { ContainerizerContext } from './context.js';
import { withLockedView } from './locked.js';
import { DEFAULTS } from './options.js';
import { settleReportingCleanup } from './settle.js';
import type { Termination } from './termination.js';
import { toTermination } from './termination.js';
import { requireRecord, viewContainer } from './view.js';

export async function finishEnded(ctx: ContainerizerContext, id: string): Promise<Termination> {
  const deadline = ctx.host.now() + DEFAULTS.destroyTimeoutSeconds * 1000;
  return withLockedView(ctx, id, deadline, async (view) => {
    const { state } = requireRecord(view);
    const cleanupError = await settleReportingCleanup(ctx, state, deadline);
    const termination = toTermination(viewContainer(ctx, id));
    return cleanupError === undefined ? termination : { ...termination, cleanup_error: cleanupError };
  });
}
