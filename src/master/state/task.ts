// A task as the master knows it, and how a status update changes it (Mesos's
// Master::updateTask): `state` is the agent's latest, `statusUpdateState` the
// state of the last update forwarded to the framework, which reconciliation
// reports so that a framework never sees states out of order.
import type { Resource } from '../../mesos/resources/resource.js';
import type { TaskInfo } from '../../mesos/task-info.js';
import type { TaskState } from '../../mesos/task-state.js';
import { isTerminal } from '../../mesos/task-state.js';
import type { TaskStatus } from '../../mesos/task-status.js';

export interface TaskRecord {
  readonly taskId: string;
  readonly frameworkId: string;
  readonly agentId: string;
  readonly executorId: string | undefined;
  readonly name: string;
  readonly resources: Resource[];
  /** As launched; absent for a task first heard of in an agent's re-registration. */
  readonly info: TaskInfo | undefined;
  state: TaskState;
  statusUpdateState: TaskState | undefined;
  statusUpdateUuid: string | undefined;
  /** The last update forwarded to the framework and not yet acknowledged (resent when it re-subscribes). */
  unacknowledged: TaskStatus | undefined;
  /** Accepted by the master; the agent has not taken RUN_TASK yet. */
  pending: boolean;
  /** One entry per state the task went through, latest last, without `data`. */
  statuses: TaskStatus[];
}

export const taskKey = (frameworkId: string, taskId: string): string => `${frameworkId}\u0000${taskId}`;

export function newTask(fields: Pick<TaskRecord, 'taskId' | 'frameworkId' | 'agentId' | 'executorId' | 'name' | 'resources' | 'info'>): TaskRecord {
  return { ...fields, state: 'TASK_STAGING', statusUpdateState: undefined, statusUpdateUuid: undefined, unacknowledged: undefined, pending: true, statuses: [] };
}

/** What reconciliation says about the task: the state the framework was last told (or will be told next). */
export function reportedState(task: TaskRecord): TaskState {
  return task.statusUpdateState ?? task.state;
}

export interface UpdateOutcome {
  /** The task's state before the update. */
  previous: TaskState;
  /** This update made the task terminal (its resources come back now). */
  terminated: boolean;
}

/**
 * Applies an update. `latestState` is the agent's latest state of the task,
 * which may be ahead of the update's own. A terminal task never becomes
 * non-terminal again; an update with a uuid becomes the status-update state.
 */
export function applyStatusUpdate(task: TaskRecord, status: TaskStatus, latestState?: TaskState): UpdateOutcome {
  const previous = task.state;
  const next = latestState ?? status.state;
  const terminated = !isTerminal(previous) && isTerminal(next);
  if (!isTerminal(previous)) task.state = next;
  if (status.uuid !== undefined) {
    task.statusUpdateState = status.state;
    task.statusUpdateUuid = status.uuid;
  }
  task.pending = false;
  recordStatus(task, status);
  return { previous, terminated };
}

/** Keeps one entry per consecutive state (the latest of each), without the framework's data. */
export function recordStatus(task: TaskRecord, status: TaskStatus): void {
  const entry: TaskStatus = { ...status };
  delete entry.data;
  const last = task.statuses[task.statuses.length - 1];
  if (last && last.state === status.state) task.statuses[task.statuses.length - 1] = entry;
  else task.statuses.push(entry);
}

/** The update the task's latest known status came from (state, source, reason, message). */
export function latestStatus(task: TaskRecord): TaskStatus | undefined {
  return task.statuses[task.statuses.length - 1];
}
