// Following a container this process launched: a limit hit while it runs
// ends it; its end is cleaned up after and reported. What the stub told us
// on its status fd counts as observed, should termination.json be missing.
import { killCgroup } from '../cgroups/kill.js';
import type { ForkedContainer } from '../launcher/linux-launcher.js';
import type { ContainerizerContext } from './context.js';
import { watchLimitations } from './limitations.js';
import { DEFAULTS } from './options.js';
import type { ContainerState } from './run-dir/records.js';
import type { Termination } from './termination.js';
import { describeEnd } from './termination.js';
import { finishEnded } from './wait.js';
import { viewContainer } from './view.js';

/** Follows the container to its end, then cleans up after it. */
export function followExit(ctx: ContainerizerContext, state: ContainerState, forked: ForkedContainer): Promise<Termination> {
  // A limit hit while it runs ends it: its cgroup is killed, then as below.
  const stopWatching = watchLimitations(ctx, state, () => {
    void killCgroup(state.cgroup!, Date.now() + DEFAULTS.destroyTimeoutSeconds * 1000).catch(() => undefined);
  });
  return forked.exited.then(async (stub) => {
    stopWatching();
    const end = await finishEnded(ctx, state.containerId);
    if (end.exit_code !== null || end.signal !== null || stub.error || (stub.exit_code === null && stub.signal === null)) return end;
    // termination.json could not be written (a full disk?): the status fd saw the end.
    const view = viewContainer(ctx, state.containerId);
    if (view.phase === 'torn' || view.termination || view.state.phase === 'aborted') return end;
    const observed = { ...view, termination: { exit_code: stub.exit_code, signal: stub.signal, finished_at: ctx.host.now() }, terminationProblem: undefined };
    return { ...end, exit_code: stub.exit_code, signal: stub.signal, finished_at: new Date(observed.termination.finished_at).toISOString(), message: describeEnd(observed) };
  });
}
