// wait, from any process: the stub writes termination.json when the
// container ends; we watch the run directory for it, and look at /proc now
// and then in case the monitor itself was killed and never writes it.
import type { ContainerizerContext } from './context.js';
import { DEFAULTS } from './options.js';
import { terminationOf, viewContainer } from './status.js';
import { teardown } from './teardown.js';
import type { Termination } from './termination.js';
import { nextChange } from './watch.js';

const LIVENESS_POLL_MS = 250;

export async function waitForContainer(ctx: ContainerizerContext, id: string): Promise<Termination> {
  for (;;) {
    const view = viewContainer(ctx.runDir, id);
    if (view.phase === 'exited') {
      // The container ended: what it left (daemons outside a pid namespace,
      // its cgroup, isolator state) goes with it, as Mesos destroys on exit.
      await teardown(ctx, view.state, Date.now() + DEFAULTS.destroyTimeoutSeconds * 1000);
      // Read again: the teardown's last look at the cgroups may have found a limitation.
      return terminationOf(viewContainer(ctx.runDir, id))!;
    }
    await nextChange(ctx.runDir.dir(id), LIVENESS_POLL_MS);
  }
}
