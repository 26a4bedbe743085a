// How a container ended, as callers see it: exit code and signal apart,
// never a raw wait status (DESIGN.md §5), and never more than was observed.
import { constants } from 'node:os';

import type { Limitation } from '../isolators/isolator.js';
import type { ContainerView } from './view.js';

export interface Termination {
  container_id: string;
  /** null when it was killed by a signal, or when its end was not observed. */
  exit_code: number | null;
  signal: number | null;
  /** A destroy was requested before the container ended. */
  destroyed: boolean;
  /** A destroy stopped the launch: the task never started (the agent's REASON_TASK_KILLED_DURING_LAUNCH). */
  killed_during_launch: boolean;
  /** ISO time, or null when nobody saw the end. */
  finished_at: string | null;
  /** A limit it hit, which ended it (the kernel killed a process out of memory). */
  limitation: Limitation | null;
  message: string;
  /** Cleaning up after it failed; what it exited with still holds. */
  cleanup_error?: string;
}

export function signalName(signal: number): string {
  const entry = Object.entries(constants.signals).find(([, n]) => n === signal);
  return entry ? entry[0] : `signal ${signal}`;
}

function describe(view: ContainerView): string {
  if (view.phase === 'torn') return `exit status unknown: ${view.problem}`;
  const { state, termination } = view;
  if (state.phase === 'aborted') return 'destroyed during launch: the task never started';
  if (view.phase === 'abandoned') return `abandoned during launch: its launcher (pid ${state.launcher.pid}) went away before the task started`;
  if (view.limitation) return view.limitation.message;
  if (view.terminationProblem) return `exit status unknown: ${view.terminationProblem}`;
  if (!termination) return `exit status unknown: its end was not recorded (its monitor${state.monitor ? `, pid ${state.monitor.pid},` : ''} is gone)`;
  if (termination.error) return termination.error.message;
  return termination.signal !== null ? `killed by signal ${termination.signal} (${signalName(termination.signal)})` : `exited with status ${termination.exit_code}`;
}

/** What a status or wait says about the end; for a container that has not ended, undefined. */
export function describeEnd(view: ContainerView): string {
  const how = describe(view);
  const destroyedNow = view.destroyed && !(view.phase !== 'torn' && view.state.phase === 'aborted');
  return destroyedNow && !how.startsWith('destroyed') ? `destroyed: ${how}` : how;
}

export function toTermination(view: ContainerView): Termination {
  const aborted = view.phase !== 'torn' && view.state.phase === 'aborted';
  const record = view.phase === 'torn' || aborted || view.phase === 'abandoned' ? undefined : view.termination;
  const finishedAt = record?.finished_at ?? (aborted ? view.state!.abortedAt : undefined);
  return {
    container_id: view.id,
    exit_code: record?.exit_code ?? null,
    signal: record?.signal ?? null,
    destroyed: view.destroyed || aborted,
    killed_during_launch: aborted,
    finished_at: finishedAt !== undefined ? new Date(finishedAt).toISOString() : null,
    limitation: (view.phase !== 'torn' && view.limitation) || null,
    message: describeEnd(view),
  };
}

/** The shell convention: the exit code, or 128 + N when signal N ended it. */
export function shellExitCode(termination: Pick<Termination, 'exit_code' | 'signal'>): number {
  if (termination.signal !== null) return 128 + termination.signal;
  return termination.exit_code ?? 125;
}
