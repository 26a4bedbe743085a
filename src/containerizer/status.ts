// A container's status, computed from its run directory and the host, so
// that any process can answer, not only the one that launched it.
import type { Limitation, Resources } from '../isolators/isolator.js';
import type { CapabilitiesState } from '../isolators/linux-capabilities/isolator.js';
import type { ContainerizerContext } from './context.js';
import { containerCgroups } from './container-cgroups.js';
import type { ContainerPhase, ContainerView, RecordView } from './view.js';
import { toTermination } from './termination.js';

export type { ContainerPhase, ContainerView } from './view.js';

/** launching and abandoned: what the launch had made when it was looked at. */
export interface MadeSoFar {
  /** The sandbox, when the launch made it (null: it existed before, or not made yet). */
  sandbox: string | null;
  /** Its cgroups that exist now. */
  cgroups: string[];
  /** Processes in them now (the init, waiting to be released). */
  processes: number[];
}

/** The public JSON form of `status`. */
export interface ContainerStatus {
  container_id: string;
  state: ContainerPhase;
  pid: number | null;
  start_time: number | null;
  pid_namespace: number | null;
  /** null only for a torn entry, whose record is unreadable. */
  sandbox: string | null;
  created: string | null;
  isolation: string[];
  user: string | null;
  cgroup: string | null;
  /** Labels hooks added. */
  labels: Record<string, string>;
  /** filesystem/shared's volumes, as mounted. */
  volumes: Array<{ container_path: string; host_path: string; mode: string }>;
  /** linux/capabilities: the task's effective and bounding sets (absent: the user's defaults), and no_new_privs. */
  capabilities: CapabilitiesState | null;
  exit_code: number | null;
  signal: number | null;
  destroyed: boolean;
  killed_during_launch: boolean;
  finished_at: string | null;
  limitation: Limitation | null;
  resources: Resources | null;
  message: string | null;
  /** The stub's own failure before or at the task's exec (its task never ran). */
  error: { stage: string; message: string } | null;
  /** The process that launches (launching) or launched (abandoned) it. */
  launcher: { pid: number; start_time: number } | null;
  made: MadeSoFar | null;
  /** Its processes are gone and everything it had is removed. */
  cleaned_up: boolean;
  /** Isolators whose cleanup waits for a process that has their module loaded. */
  cleanup_pending: string[];
}

function madeSoFar(ctx: ContainerizerContext, view: RecordView): MadeSoFar {
  const cgroups = containerCgroups(ctx, view.state).filter((cg) => ctx.host.cgroups.exists(cg));
  return {
    sandbox: view.state.sandboxCreated ? view.state.sandbox : null,
    cgroups: cgroups.map((cg) => cg.path),
    processes: [...new Set(cgroups.flatMap((cg) => ctx.host.cgroups.processes(cg)))].sort((a, b) => a - b),
  };
}

function tornStatus(view: Extract<ContainerView, { phase: 'torn' }>): ContainerStatus {
  return {
    container_id: view.id,
    state: 'torn',
    pid: null,
    start_time: null,
    pid_namespace: null,
    sandbox: null,
    created: null,
    capabilities: null,
    isolation: [],
    user: null,
    cgroup: null,
    labels: {},
    volumes: [],
    exit_code: null,
    signal: null,
    destroyed: view.destroyed,
    killed_during_launch: false,
    finished_at: null,
    limitation: null,
    resources: null,
    message: toTermination(view).message,
    error: null,
    launcher: null,
    made: null,
    cleaned_up: false,
    cleanup_pending: [],
  };
}

export function toStatus(ctx: ContainerizerContext, view: ContainerView): ContainerStatus {
  if (view.phase === 'torn') return tornStatus(view);
  const { state, phase } = view;
  const ended = phase === 'exited' || phase === 'abandoned';
  const end = ended ? toTermination(view) : undefined;
  const launching = phase === 'launching' || phase === 'abandoned';
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
    capabilities: (state.isolatorState['linux/capabilities'] as CapabilitiesState | undefined) ?? null,
    exit_code: end?.exit_code ?? null,
    signal: end?.signal ?? null,
    destroyed: end?.destroyed ?? view.destroyed,
    killed_during_launch: end?.killed_during_launch ?? false,
    finished_at: end?.finished_at ?? null,
    limitation: view.limitation ?? null,
    resources: state.resources ?? null,
    message: end?.message ?? null,
    error: view.termination?.error ? { stage: view.termination.error.stage, message: view.termination.error.message } : null,
    launcher: launching ? { pid: state.launcher.pid, start_time: state.launcher.startTime } : null,
    made: launching && !state.cleanedUp ? madeSoFar(ctx, view) : null,
    cleaned_up: state.cleanedUp === true,
    cleanup_pending: state.cleanupPending ?? [],
  };
}

