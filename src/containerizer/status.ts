// A container's status, computed from its run directory and /proc, so that
// any process can answer, not only the one that launched it.
import type { Limitation, Resources } from '../isolators/isolator.js';
import { isAlive } from '../proc/identity.js';
import type { RunDirectory } from './run-dir.js';
import type { ContainerState, TerminationRecord } from './state.js';
import type { Termination } from './termination.js';
import { describeEnd, toTermination } from './termination.js';

export type ContainerPhase = 'launching' | 'running' | 'exited';

export interface ContainerView {
  state: ContainerState;
  phase: ContainerPhase;
  termination: TerminationRecord | undefined;
  destroyed: boolean;
  limitation: Limitation | undefined;
}

export function viewContainer(runDir: RunDirectory, id: string): ContainerView {
  const state = runDir.readState(id);
  const termination = runDir.readTermination(id);
  const destroyed = runDir.readDestroyed(id) !== undefined;
  return { state, phase: phaseOf(state, termination), termination, destroyed, limitation: runDir.readLimitation(id) };
}

function phaseOf(state: ContainerState, termination: TerminationRecord | undefined): ContainerPhase {
  if (termination) return 'exited';
  // The monitor writes the termination right after init is gone: while it
  // lives, the container has not finished ending.
  const monitorAlive = state.monitor !== undefined && isAlive(state.monitor);
  if (!state.init) return monitorAlive ? 'launching' : 'exited';
  return isAlive(state.init) || monitorAlive ? 'running' : 'exited';
}

export function terminationOf(view: ContainerView): Termination | undefined {
  if (view.phase !== 'exited') return undefined;
  return toTermination(view.state.containerId, view.termination, view.destroyed, view.limitation);
}

/** The public JSON form of `status`. */
export interface ContainerStatus {
  container_id: string;
  state: ContainerPhase;
  pid: number | null;
  start_time: number | null;
  pid_namespace: number | null;
  sandbox: string;
  created: string;
  isolation: string[];
  user: string | null;
  cgroup: string | null;
  /** Labels hooks added. */
  labels: Record<string, string>;
  /** filesystem/shared's volumes, as mounted. */
  volumes: Array<{ container_path: string; host_path: string; mode: string }>;
  exit_code: number | null;
  signal: number | null;
  destroyed: boolean;
  finished_at: string | null;
  limitation: Limitation | null;
  resources: Resources | null;
  message: string | null;
  /** The stub's own failure before or at the task's exec (its task never ran). */
  error: { stage: string; message: string } | null;
}

export function toStatus(view: ContainerView): ContainerStatus {
  const { state, termination, phase } = view;
  return {
    container_id: state.containerId,
    state: phase,
    pid: state.init?.pid ?? null,
    start_time: state.init?.startTime ?? null,
    pid_namespace: state.pidNamespace ?? null,
    sandbox: state.sandbox,
    created: new Date(state.created).toISOString(),
    isolation: state.isolation,
    user: state.user ?? null,
    cgroup: state.cgroup?.path ?? null,
    labels: state.labels ?? {},
    volumes: ((state.isolatorState['filesystem/shared'] as { volumes?: ContainerStatus['volumes'] } | undefined)?.volumes ?? []).map(
      ({ container_path, host_path, mode }) => ({ container_path, host_path, mode }),
    ),
    exit_code: termination?.exit_code ?? null,
    signal: termination?.signal ?? null,
    destroyed: view.destroyed,
    finished_at: termination ? new Date(termination.finished_at).toISOString() : null,
    limitation: view.limitation ?? null,
    resources: state.resources ?? null,
    message: phase === 'exited' ? describeEnd(termination, view.destroyed, view.limitation) : null,
    error: termination?.error ? { stage: termination.error.stage, message: termination.error.message } : null,
  };
}
