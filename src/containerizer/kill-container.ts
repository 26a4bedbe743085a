// Kills every process of a container, by the fastest sure path, and checks
// that none is left (DESIGN.md §4, README "destroy and recover"):
//   1. without a pid namespace, freeze its cgroup (nothing in it can fork or
//      leave any more) and stop every process outside it that descends from
//      it or from the init, while the init (a subreaper) still holds them;
//      where it cannot be frozen, stop every descendant of the init;
//   2. at once: cgroup.kill on each v2 cgroup that has it, SIGKILL to the
//      init through a pidfd (with a pid namespace the kernel then kills the
//      rest), SIGKILL to each stopped process;
//   3. sweep each of its cgroups until empty (v1: freeze, kill, thaw);
//   4. verify: the stopped processes are gone too.
import type { CgroupRef } from '../cgroups/cgroup.js';
import { messageOf } from '../errors.js';
import { isAliveOn } from '../host/host.js';
import type { ProcessIdentity } from '../proc/identity.js';
import type { ContainerizerContext } from './context.js';
import { containerCgroups } from './container-cgroups.js';
import { descendantsOf, outsidersOf, stopAll } from './descendants.js';
import { DestroyError } from './errors.js';
import type { ContainerState } from './run-dir/records.js';
import { aliveNow } from './view.js';

/** How long a freeze may take to settle before we stop every descendant one by one instead. */
const FREEZE_WAIT_MS = 1000;
const KILL_GRACE_MS = 200;

export interface KillOutcome {
  /** Something of it was alive when we came: we ended it. */
  killed: boolean;
}

/** Its cgroups that exist now, its own first. */
export function existingCgroups(ctx: ContainerizerContext, state: ContainerState): CgroupRef[] {
  return containerCgroups(ctx, state).filter((cg) => ctx.host.cgroups.exists(cg));
}

/** Kills what is left in each cgroup; throws DESTROY_TIMEOUT / DESTROY_FAILED naming it. */
export async function sweepCgroups(ctx: ContainerizerContext, id: string, cgroups: CgroupRef[], deadline: number): Promise<void> {
  for (const cgroup of cgroups) {
    try {
      await ctx.host.cgroups.kill(cgroup, deadline);
    } catch (cause) {
      const code = (cause as { code?: string }).code === 'CGROUP_KILL_TIMEOUT' ? 'DESTROY_TIMEOUT' : 'DESTROY_FAILED';
      throw new DestroyError(code, id, `container '${id}': ${messageOf(cause)}`, { cause });
    }
  }
}

async function untilGone(ctx: ContainerizerContext, processes: ProcessIdentity[], deadline: number): Promise<ProcessIdentity[]> {
  for (let delay = 0.25; ; delay = Math.min(delay * 2, 20)) {
    const left = processes.filter((p) => isAliveOn(ctx.host, p));
    if (left.length === 0 || ctx.host.now() >= deadline) return left;
    await ctx.host.sleep(delay);
  }
}

/**
 * Whether anything of it is alive now: its init, or a process in one of its
 * cgroups. (Its monitor outlives it on purpose, to record the end.)
 */
export function anythingAlive(ctx: ContainerizerContext, state: ContainerState, cgroups: CgroupRef[]): boolean {
  return aliveNow(ctx, state, state.init) || cgroups.some((cg) => ctx.host.cgroups.processes(cg).length > 0);
}

/**
 * Kills it all. `beforeKilling` runs once it is known that something is
 * alive, before the first signal (destroy records that it is the one that
 * killed it). Throws DESTROY_INCOMPLETE naming what survived.
 */
export async function killContainer(
  ctx: ContainerizerContext,
  state: ContainerState,
  deadline: number,
  beforeKilling: () => void = () => undefined,
): Promise<KillOutcome> {
  const { host } = ctx;
  const id = state.containerId;
  const cgroups = existingCgroups(ctx, state);
  if (!anythingAlive(ctx, state, cgroups)) return { killed: false };
  beforeKilling();

  const init = aliveNow(ctx, state, state.init) ? state.init : undefined;
  const own = cgroups.find((cg) => cg.path === state.cgroup?.path);
  let frozen = false;
  if (init && !state.newPidNamespace && own) {
    frozen = await host.cgroups.freeze(own, Math.min(deadline, host.now() + FREEZE_WAIT_MS));
    // One that did not settle (a task stuck in the kernel) is thawed, and its processes stopped one by one.
    if (!frozen) host.cgroups.thaw(own);
  }
  let stopped: ProcessIdentity[] = [];
  try {
    if (init && !state.newPidNamespace) {
      const members = frozen ? new Set(host.cgroups.processes(own!)) : undefined;
      stopped = await stopAll(host, () => (members ? outsidersOf(host, members, init.pid) : descendantsOf(host, init.pid)), deadline);
    }
    for (const cgroup of cgroups) host.cgroups.killAtOnce(cgroup);
    if (init) {
      ctx.logger.debug({ container: id, pid: init.pid }, 'killing the init');
      await host.signal(init, 'SIGKILL');
    }
    for (const process of stopped) await host.signal(process, 'SIGKILL');
    // On the v1 freezer, the sweep kills each process while frozen, then thaws.
    await sweepCgroups(ctx, id, cgroups, deadline);
  } finally {
    if (frozen) host.cgroups.thaw(own!);
  }

  // A process just SIGKILLed needs a moment to go, even when the deadline has come.
  const survivors = await untilGone(ctx, stopped, Math.max(deadline, host.now() + KILL_GRACE_MS));
  if (survivors.length > 0) {
    const pids = survivors.map((p) => p.pid).join(', ');
    throw new DestroyError('DESTROY_INCOMPLETE', id, `container '${id}': processes that descend from its init are still alive after SIGKILL: ${pids}`);
  }
  return { killed: true };
}
