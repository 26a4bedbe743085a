// What is known of a container, from its run-directory entry and the host:
// its phase, how it ended, whether a destroy was asked for. Any process can
// compute it; nothing here changes anything.
//
//   launching  its record says launching and its launcher is alive
//   abandoned  its record says launching, but its launcher is gone: the task
//              never started (it starts only once the record says running)
//   running    released, and its init or monitor is alive
//   exited     ended (or destroyed during launch)
//   torn       the entry has no readable record
import { isAliveOn } from '../host/host.js';
import type { Limitation } from '../isolators/isolator.js';
import type { ProcessIdentity } from '../proc/identity.js';
import { ContainerizerError } from '../errors.js';
import type { ContainerizerContext } from './context.js';
import type { ContainerState, TerminationRecord } from './run-dir/records.js';

export type ContainerPhase = 'launching' | 'abandoned' | 'running' | 'exited' | 'torn';

export interface TornView {
  id: string;
  phase: 'torn';
  /** What is wrong with the record. */
  problem: string;
  destroyed: boolean;
  state?: undefined;
}

export interface RecordView {
  id: string;
  phase: Exclude<ContainerPhase, 'torn'>;
  state: ContainerState;
  /** As the init stub recorded it; undefined when it did not (yet). */
  termination: TerminationRecord | undefined;
  /** termination.json is there but cannot be trusted. */
  terminationProblem: string | undefined;
  destroyed: boolean;
  limitation: Limitation | undefined;
}

export type ContainerView = TornView | RecordView;

/** Identities in a record name processes of the boot it was written in only. */
export function aliveNow(ctx: ContainerizerContext, state: ContainerState, identity: ProcessIdentity | undefined): boolean {
  return identity !== undefined && state.launcher.bootId === ctx.host.bootId() && isAliveOn(ctx.host, identity);
}

function phaseOf(ctx: ContainerizerContext, state: ContainerState, ended: boolean): RecordView['phase'] {
  if (state.phase === 'aborted') return 'exited';
  if (state.phase === 'launching') return aliveNow(ctx, state, state.launcher) ? 'launching' : 'abandoned';
  if (ended) return 'exited';
  // The monitor records the end right after the init is gone: while it
  // lives, the container has not finished ending.
  return aliveNow(ctx, state, state.init) || aliveNow(ctx, state, state.monitor) ? 'running' : 'exited';
}

/** Throws UNKNOWN_CONTAINER when the id has no entry. */
export function viewContainer(ctx: ContainerizerContext, id: string): ContainerView {
  const { runDir } = ctx;
  const record = runDir.readState(id);
  const destroyed = runDir.destroyRequested(id);
  if (record.problem !== undefined) return { id, phase: 'torn', problem: record.problem, destroyed };
  const state = record.value;
  const termination = runDir.readTermination(id);
  return {
    id,
    phase: phaseOf(ctx, state, termination !== undefined),
    state,
    termination: termination?.value,
    terminationProblem: termination?.problem,
    destroyed,
    limitation: runDir.readLimitation(id),
  };
}

/** For the commands that need a record (enter, logs, usage, update, archive...). */
export function requireRecord(view: ContainerView): RecordView {
  if (view.phase === 'torn') {
    throw new ContainerizerError(
      'CONTAINER_TORN',
      `container '${view.id}' has no readable record (${view.problem}): destroy it, then forget it with \`mesos-containerizer gc --container_id=${view.id}\``,
    );
  }
  return view;
}

/** It will not change by itself any more: ended, abandoned, or unreadable. */
export function isFinal(view: ContainerView): boolean {
  return view.phase === 'exited' || view.phase === 'abandoned' || view.phase === 'torn';
}
