// destroy (DESIGN.md §4): ask first (a launch in progress stops at its next
// step), then, under the container's lock, kill it all by the fastest sure
// path, wait for its monitor to record the end, and clean up. The path
// follows what the container was launched with, not today's flags.
// Idempotent, bounded by a deadline, and it claims only what it did: of
// concurrent destroys, exactly one reports `destroyed`.
import type { ContainerizerContext } from './context.js';
import { cgroupsByName } from './container-cgroups.js';
import { sweepCgroups } from './kill-container.js';
import { withLockedView } from './locked.js';
import type { ContainerState } from './run-dir/records.js';
import { settle } from './settle.js';
import type { Termination } from './termination.js';
import { toTermination } from './termination.js';
import type { ContainerView, TornView } from './view.js';
import { viewContainer } from './view.js';

export type DestroyOutcome = 'destroyed' | 'already_ended' | 'already_destroyed';

export interface DestroyResult {
  termination: Termination;
  /**
   * destroyed: this call ended it (or reports, first, the launch a destroy
   * stopped). already_ended: it had ended on its own (what it left was
   * cleaned up). already_destroyed: another destroy did it.
   */
  outcome: DestroyOutcome;
  /** Isolators whose cleanup waits for a process that has their module loaded. */
  cleanupPending: string[];
}

function outcomeOf(state: ContainerState, killedNow: boolean): DestroyOutcome {
  if (killedNow) return 'destroyed';
  if (state.killedByDestroy) return state.destroyReported ? 'already_destroyed' : 'destroyed';
  return 'already_ended';
}

/** Nothing to do and nothing to claim: answered without the lock. */
function alreadySettled(view: ContainerView): boolean {
  return view.phase !== 'torn' && view.state.cleanedUp === true && !(view.state.killedByDestroy && !view.state.destroyReported);
}

/**
 * An entry without a readable record: its cgroups are found by name under
 * our root, its mounts under its entry. Returns whether anything was alive.
 */
export async function sweepTorn(ctx: ContainerizerContext, id: string, deadline: number): Promise<boolean> {
  const cgroups = cgroupsByName(ctx, ctx.cgroupsRoot, id).filter((cg) => ctx.host.cgroups.exists(cg));
  const alive = cgroups.some((cg) => ctx.host.cgroups.processes(cg).length > 0);
  await sweepCgroups(ctx, id, cgroups, deadline);
  for (const cgroup of cgroups.reverse()) ctx.host.cgroups.remove(cgroup);
  for (const mountPoint of ctx.host.mountsUnder(ctx.runDir.dir(id))) await ctx.host.unmount(mountPoint);
  return alive;
}

async function destroyTorn(ctx: ContainerizerContext, view: TornView, deadline: number): Promise<DestroyResult> {
  const alive = await sweepTorn(ctx, view.id, deadline);
  // Only what it killed makes it destroyed: a torn entry is never a launch in progress (claims are whole).
  if (alive) ctx.runDir.requestDestroy(ctx.host, view.id);
  return {
    termination: toTermination(viewContainer(ctx, view.id)),
    outcome: alive ? 'destroyed' : view.destroyed ? 'already_destroyed' : 'already_ended',
    cleanupPending: [],
  };
}

export async function destroyContainer(ctx: ContainerizerContext, id: string, timeoutSeconds: number): Promise<DestroyResult> {
  const deadline = ctx.host.now() + timeoutSeconds * 1000;
  const before = viewContainer(ctx, id);
  if (alreadySettled(before)) {
    const state = (before as Exclude<ContainerView, TornView>).state;
    return { termination: toTermination(before), outcome: outcomeOf(state, false), cleanupPending: state.cleanupPending ?? [] };
  }
  // Asked first: a launch in progress stops at its next step, and whoever looks
  // later knows that a destroy was asked for before the end.
  if (before.phase !== 'exited' && before.phase !== 'torn') ctx.runDir.requestDestroy(ctx.host, id);

  return withLockedView(ctx, id, deadline, async (view) => {
    if (view.phase === 'torn') return destroyTorn(ctx, view, deadline);
    const { state } = view;
    const killedNow = await settle(ctx, state, deadline, () => {
      state.killedByDestroy = true;
      try {
        ctx.runDir.writeState(state);
      } catch (error) {
        // Killing matters more than recording who did it.
        ctx.logger.warn({ container: id, err: (error as Error).message }, 'cannot record the destroy before killing; killing anyway');
      }
    });
    const outcome = outcomeOf(state, killedNow);
    if (outcome === 'destroyed') {
      state.destroyReported = true;
      ctx.runDir.writeState(state);
    }
    return { termination: toTermination(viewContainer(ctx, id)), outcome, cleanupPending: state.cleanupPending ?? [] };
  });
}
