// TaskState: every state of Mesos 0.21, TASK_ERROR included.
import * as z from 'zod/mini';

export const TASK_STATES = [
  'TASK_STAGING',
  'TASK_STARTING',
  'TASK_RUNNING',
  'TASK_FINISHED',
  'TASK_FAILED',
  'TASK_KILLED',
  'TASK_LOST',
  'TASK_ERROR',
] as const;

export type TaskState = (typeof TASK_STATES)[number];
export const TaskStateSchema = z.enum(TASK_STATES);

const TERMINAL: ReadonlySet<TaskState> = new Set(['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_LOST', 'TASK_ERROR']);

/** Terminal states: the task will never run again. TASK_ERROR counts (as from Mesos 0.22). */
export function isTerminal(state: TaskState): boolean {
  return TERMINAL.has(state);
}
