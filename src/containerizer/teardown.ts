// After a container's processes are gone (or to make them gone): what it
// left in its cgroups is killed, its cgroups removed, and its isolators
// cleaned up in reverse order, each independent of the others. An isolator
// whose module is not loaded here stays pending: the container is not called
// cleaned up until a process that has it runs its cleanup. Idempotent: any
// process may run it, repeatedly.
import { messageOf } from '../errors.js';
import type { ContainerizerContext } from './context.js';
import { DestroyError } from './errors.js';
import { existingCgroups, sweepCgroups } from './kill-container.js';
import { checkLimitations } from './limitations.js';
import type { ContainerState } from './run-dir/records.js';

async function cleanUpIsolators(ctx: ContainerizerContext, state: ContainerState): Promise<{ failures: string[]; pending: string[] }> {
  const { found, missing } = ctx.resolveRecorded(state.cleanupPending ?? state.isolation);
  const failures: string[] = [];
  const failed: string[] = [];
  for (const isolator of found.reverse()) {
    if (!isolator.cleanup) continue;
    try {
      await isolator.cleanup({
        containerId: state.containerId,
        sandbox: state.sandbox,
        state: state.isolatorState[isolator.name],
        logger: ctx.logger.child({ container: state.containerId, isolator: isolator.name }),
      });
    } catch (error) {
      failures.push(`${isolator.name}: ${messageOf(error)}`);
      failed.push(isolator.name);
    }
  }
  if (missing.length > 0) {
    ctx.logger.warn({ container: state.containerId, isolators: missing }, 'isolators of this container are not loaded here: their cleanup stays pending');
  }
  return { failures, pending: [...missing, ...failed] };
}

/** Records the result in the entry (when it is still there); throws DESTROY_FAILED for what failed. */
export async function cleanUp(ctx: ContainerizerContext, state: ContainerState, deadline: number): Promise<void> {
  if (state.cleanedUp) return;
  const id = state.containerId;
  const cgroups = existingCgroups(ctx, state);
  await sweepCgroups(ctx, id, cgroups, deadline);
  checkLimitations(ctx, state); // before the cgroups holding the counters go
  const failures: string[] = [];
  for (const cgroup of cgroups.reverse()) {
    try {
      ctx.host.cgroups.remove(cgroup);
    } catch (error) {
      failures.push(messageOf(error));
    }
  }
  const isolators = await cleanUpIsolators(ctx, state);
  failures.push(...isolators.failures);
  if (isolators.pending.length > 0) state.cleanupPending = isolators.pending;
  else delete state.cleanupPending;
  state.cleanedUp = failures.length === 0 && isolators.pending.length === 0;
  if (ctx.runDir.exists(id)) ctx.runDir.writeState(state);
  if (failures.length > 0) {
    throw new DestroyError('DESTROY_FAILED', id, `container '${id}': cleanup failed: ${failures.join('; ')}`);
  }
}
