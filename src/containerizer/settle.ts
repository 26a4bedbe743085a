// Finishing a container that ended or was abandoned: whatever it left alive
// is killed (an abandoned launch's init waiting to be released, daemons left
// in its cgroups), its end is awaited from its monitor, and it is cleaned up.
// Callers hold its lock.
import { messageOf } from '../errors.js';
import type { ContainerizerContext } from './context.js';
import { DestroyError } from './errors.js';
import { killContainer } from './kill-container.js';
import type { ContainerState } from './run-dir/records.js';
import { cleanUp } from './teardown.js';
import { aliveNow } from './view.js';

/**
 * The monitor records the end right after the init is gone, then exits:
 * give it the time it needs for both. Until it has exited, something of the
 * container still runs (on a busy host, the fsync after its record can take
 * long), and it would still remove cgroups after whoever settled it had
 * answered. Never invents an end.
 */
export async function awaitEndRecord(ctx: ContainerizerContext, state: ContainerState, deadline: number): Promise<void> {
  const id = state.containerId;
  for (let delay = 0.25; ; delay = Math.min(delay * 2, 20)) {
    const recorded = ctx.runDir.readTermination(id) !== undefined;
    // Gone: nothing left to wait for (without a record, its exit status stays unknown).
    if (!aliveNow(ctx, state, state.monitor)) return;
    if (ctx.host.now() >= deadline) {
      const what = recorded ? 'recorded the end but has not exited' : 'did not record the end';
      throw new DestroyError('DESTROY_TIMEOUT', id, `container '${id}': its monitor (pid ${state.monitor!.pid}) ${what} in time`);
    }
    await ctx.host.sleep(delay);
  }
}

/**
 * Kills what is left, waits for the end record, cleans up. `onKill` runs
 * before the first signal, when something is alive. Returns whether it killed.
 */
export async function settle(ctx: ContainerizerContext, state: ContainerState, deadline: number, onKill?: () => void): Promise<boolean> {
  if (state.cleanedUp) return false;
  const { killed } = await killContainer(ctx, state, deadline, onKill);
  await awaitEndRecord(ctx, state, deadline);
  await cleanUp(ctx, state, deadline);
  return killed;
}

/** settle, with a cleanup failure returned instead of thrown (the end it reports still holds). */
export async function settleReportingCleanup(ctx: ContainerizerContext, state: ContainerState, deadline: number): Promise<string | undefined> {
  try {
    await settle(ctx, state, deadline);
    return undefined;
  } catch (error) {
    ctx.logger.warn({ container: state.containerId, err: messageOf(error) }, 'cleaning up after the container failed');
    return messageOf(error);
  }
}
