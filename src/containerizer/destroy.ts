// destroy (DESIGN.md §4): kill the pid namespace's init through a pidfd (the
// kernel kills the rest), sweep the cgroup for anything left, wait for the
// monitor to record the end, clean up. The path follows what the container
// was launched with, not today's flags. Idempotent, bounded by a deadline.
import { setTimeout as sleep } from 'node:timers/promises';

import { signalIdentity } from '../proc/pidfd-signal.js';
import { isAlive } from '../proc/identity.js';
import type { ContainerizerContext } from './context.js';
import { DestroyError } from './errors.js';
import type { ContainerState } from './state.js';
import { terminationOf, viewContainer } from './status.js';
import { sweepCgroup, teardown } from './teardown.js';
import type { Termination } from './termination.js';

export interface DestroyResult {
  termination: Termination;
  /**
   * destroyed: we ended it now. already_ended: it had ended on its own (what
   * it left was cleaned up). already_destroyed: an earlier destroy did it all.
   */
  outcome: 'destroyed' | 'already_ended' | 'already_destroyed';
}

/** The monitor records the end right after init dies; give it the time it needs. */
async function awaitTerminationRecord(ctx: ContainerizerContext, state: ContainerState, deadline: number): Promise<void> {
  const id = state.containerId;
  for (let delay = 0.25; !ctx.runDir.readTermination(id); delay = Math.min(delay * 2, 20)) {
    const monitorAlive = state.monitor !== undefined && isAlive(state.monitor);
    if (!monitorAlive && !ctx.runDir.readTermination(id)) {
      // Nobody is left to record it: we killed it, so we say so.
      ctx.runDir.writeTermination(id, { exit_code: null, signal: 9, finished_at: Date.now() });
      return;
    }
    if (Date.now() >= deadline) {
      throw new DestroyError('DESTROY_TIMEOUT', id, `container '${id}': its monitor (pid ${state.monitor?.pid}) did not record the end in time`);
    }
    await sleep(delay);
  }
}

export async function destroyContainer(ctx: ContainerizerContext, id: string, timeoutSeconds: number): Promise<DestroyResult> {
  const before = viewContainer(ctx.runDir, id);
  if (before.phase === 'exited' && before.state.cleanedUp) {
    return { termination: terminationOf(before)!, outcome: before.destroyed ? 'already_destroyed' : 'already_ended' };
  }
  const deadline = Date.now() + timeoutSeconds * 1000;
  const { state } = before;
  if (before.phase !== 'exited') ctx.runDir.markDestroyed(id);

  if (state.newPidNamespace && state.init && isAlive(state.init)) {
    ctx.logger.debug({ container: id, pid: state.init.pid }, 'killing the pid namespace init');
    await signalIdentity(state.init, 'SIGKILL');
  }
  await sweepCgroup(ctx, state, deadline);
  await awaitTerminationRecord(ctx, state, deadline);
  await teardown(ctx, state, deadline);
  const after = viewContainer(ctx.runDir, id);
  // An earlier destroy that timed out still killed it: that is a destroy too.
  return { termination: terminationOf(after)!, outcome: before.phase === 'exited' && !before.destroyed ? 'already_ended' : 'destroyed' };
}
