// Following a container this process launched: a limit hit while it runs
// (one the init stub does not watch for itself) ends it; its end is cleaned
// up after and reported. What the stub told us on its status fd is an
// observed end too: it stands in for termination.json should that be
// missing (a full disk) or the entry be gone (forgotten).
import { killCgroup } from '../cgroups/kill.js';
import { messageOf } from '../errors.js';
import type { ForkedContainer, StubTermination } from '../launcher/linux-launcher.js';
import type { ContainerizerContext } from './context.js';
import { watchLimitations } from './limitations.js';
import { DEFAULTS } from './options.js';
import type { ContainerState } from './run-dir/records.js';
import type { Termination } from './termination.js';
import { signalName } from './termination.js';
import { finishEnded } from './finish-ended.js';

function observed(ctx: ContainerizerContext, id: string, stub: StubTermination, destroyed: boolean): Termination {
  const how = stub.error?.message ?? (stub.signal !== null ? `killed by signal ${stub.signal} (${signalName(stub.signal)})` : `exited with status ${stub.exit_code}`);
  return {
    container_id: id,
    exit_code: stub.exit_code,
    signal: stub.signal,
    destroyed,
    killed_during_launch: false,
    finished_at: new Date(ctx.host.now()).toISOString(),
    limitation: null,
    message: destroyed ? `destroyed: ${how}` : how,
  };
}

/**
 * Follows the container to its end, then cleans up after it. Never rejects.
 * Limitations of the isolators in `watchedByStub` are the stub's to see.
 */
export function followExit(ctx: ContainerizerContext, state: ContainerState, forked: ForkedContainer, watchedByStub: ReadonlySet<string>): Promise<Termination> {
  const id = state.containerId;
  // A limit hit while it runs ends it: its cgroup is killed, then as below.
  const stopWatching = watchLimitations(ctx, state, watchedByStub, () => {
    void killCgroup(state.cgroup!, Date.now() + DEFAULTS.destroyTimeoutSeconds * 1000).catch(() => undefined);
  });
  return forked.exited.then(async (stub) => {
    stopWatching();
    const seen = stub.exit_code !== null || stub.signal !== null;
    try {
      const end = await finishEnded(ctx, id);
      // finished_at is null only when no record says when (and how) it ended.
      return end.finished_at !== null || !seen ? end : { ...observed(ctx, id, stub, end.destroyed), ...(end.cleanup_error !== undefined && { cleanup_error: end.cleanup_error }) };
    } catch (error) {
      ctx.logger.warn({ container: id, err: messageOf(error) }, 'cannot finish the container after its end');
      return { ...observed(ctx, id, stub, ctx.runDir.destroyRequested(id)), cleanup_error: messageOf(error) };
    }
  });
}
