// wait, from any process: the stub writes termination.json when the
// container ends; we watch the run directory for it, and look at /proc now
// and then in case the monitor itself was killed and never writes it. An
// abandoned launch is an end too: its task never started.
import type { ContainerizerContext } from './context.js';
import { withLockedView } from './locked.js';
import { DEFAULTS } from './options.js';
import { settleReportingCleanup } from './settle.js';
import type { Termination } from './termination.js';
import { toTermination } from './termination.js';
import { isFinal, requireRecord, viewContainer } from './view.js';
import { nextChange } from './watch.js';

const LIVENESS_POLL_MS = 250;

/**
 * The container ended: what it left (daemons outside a pid namespace, its
 * cgroups, isolator state) goes with it, as Mesos destroys on exit. A
 * cleanup failure is reported beside the end, never instead of it.
 */
export async function finishEnded(ctx: ContainerizerContext, id: string): Promise<Termination> {
  const deadline = ctx.host.now() + DEFAULTS.destroyTimeoutSeconds * 1000;
  return withLockedView(ctx, id, deadline, async (view) => {
    const { state } = requireRecord(view);
    const cleanupError = await settleReportingCleanup(ctx, state, deadline);
    const termination = toTermination(viewContainer(ctx, id));
    return cleanupError === undefined ? termination : { ...termination, cleanup_error: cleanupError };
  });
}

export async function waitForContainer(ctx: ContainerizerContext, id: string): Promise<Termination> {
  for (;;) {
    const view = viewContainer(ctx, id);
    requireRecord(view);
    if (isFinal(view)) return finishEnded(ctx, id);
    await nextChange(ctx.runDir.dir(id), LIVENESS_POLL_MS);
  }
}
