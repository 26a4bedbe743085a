// Task states in the order a task goes through them, and which ones end it.

export const TASK_STATES = ['TASK_STAGING', 'TASK_STARTING', 'TASK_RUNNING', 'TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_LOST', 'TASK_ERROR'] as const;

const TERMINAL = new Set<string>(['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_LOST', 'TASK_ERROR']);

export const isTerminal = (state: string): boolean => TERMINAL.has(state);

/** The states whose reason the task pages explain in words. */
export const FAILURE_STATES = new Set<string>(['TASK_ERROR', 'TASK_FAILED', 'TASK_LOST']);

/** TASK_RUNNING → running */
export const shortState = (state: string): string => state.replace(/^TASK_/, '').toLowerCase();
