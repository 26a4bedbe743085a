// Following a container this process launched: a limit hit while it runs
// (one the init stub does not watch for itself) ends it; its end is cleaned
// up after and reported.
import { killCgroup } from '../cgroups/kill.js';
import type { ForkedContainer } from '../launcher/linux-launcher.js';
import type { ContainerizerContext } from './context.js';
import { watchLimitations } from './limitations.js';
import { DEFAULTS } from './options.js';
import type { ContainerState } from './state.js';
import { teardown } from './teardown.js';
import type { Termination } from './termination.js';
import { toTermination } from './termination.js';

/**
 * Follows the container to its end, then cleans up after it. Limitations
 * of the isolators in `watchedByStub` are the stub's to see.
 */
export function followExit(ctx: ContainerizerContext, state: ContainerState, forked: ForkedContainer, watchedByStub: ReadonlySet<string>): Promise<Termination> {
  // A limit hit while it runs ends it: its cgroup is killed, then as below.
  const stopWatching = watchLimitations(ctx, state, watchedByStub, () => {
    void killCgroup(state.cgroup!, Date.now() + DEFAULTS.destroyTimeoutSeconds * 1000).catch(() => undefined);
  });
  return forked.exited.then(async (stub) => {
    stopWatching();
    await teardown(ctx, state, Date.now() + DEFAULTS.destroyTimeoutSeconds * 1000);
    const record = ctx.runDir.readTermination(state.containerId) ?? { ...stub, finished_at: Date.now() };
    const { containerId } = state;
    return toTermination(containerId, record, ctx.runDir.readDestroyed(containerId) !== undefined, ctx.runDir.readLimitation(containerId));
  });
}
