// After a container's processes are gone (or to make them gone): sweep and
// remove its cgroup, then run the isolators' cleanup in reverse order, each
// independent of the others. Idempotent: any process may run it, repeatedly.
import { killCgroup } from '../cgroups/kill.js';
import { removeCgroup } from '../cgroups/cgroup.js';
import { messageOf } from '../errors.js';
import type { ContainerizerContext } from './context.js';
import { DestroyError } from './errors.js';
import { checkLimitations } from './limitations.js';
import type { ContainerState } from './state.js';

/** Kills whatever is left in the container's cgroup; throws DESTROY_TIMEOUT naming it. */
export async function sweepCgroup(ctx: ContainerizerContext, state: ContainerState, deadline: number): Promise<void> {
  if (!state.cgroup) return;
  try {
    await killCgroup(state.cgroup, deadline);
  } catch (cause) {
    const code = (cause as { code?: string }).code === 'CGROUP_KILL_TIMEOUT' ? 'DESTROY_TIMEOUT' : 'DESTROY_FAILED';
    throw new DestroyError(code, state.containerId, `container '${state.containerId}': ${messageOf(cause)}`, { cause });
  }
}

export async function cleanupIsolators(ctx: ContainerizerContext, state: ContainerState): Promise<void> {
  const failures: string[] = [];
  for (const isolator of ctx.isolatorsNamed(state.isolation).reverse()) {
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
    }
  }
  if (failures.length > 0) {
    throw new DestroyError('DESTROY_FAILED', state.containerId, `container '${state.containerId}': isolator cleanup failed: ${failures.join('; ')}`);
  }
}

export async function teardown(ctx: ContainerizerContext, state: ContainerState, deadline: number): Promise<void> {
  if (state.cleanedUp) return;
  await sweepCgroup(ctx, state, deadline);
  checkLimitations(ctx, state); // before the cgroups holding the counters go
  if (state.cgroup) {
    try {
      removeCgroup(state.cgroup);
    } catch (cause) {
      throw new DestroyError('DESTROY_FAILED', state.containerId, `container '${state.containerId}': ${messageOf(cause)}`, { cause });
    }
  }
  await cleanupIsolators(ctx, state);
  state.cleanedUp = true;
  if (ctx.runDir.exists(state.containerId)) ctx.runDir.writeState(state);
}
