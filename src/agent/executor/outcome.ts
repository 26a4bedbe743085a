// How a command task's container ended, as the status update that says so:
// its state, who says it (the executor for the command's own end, the agent
// for what the agent did or saw), the reason and Mesos's message.
import type { Termination } from '../../containerizer/termination.js';
import type { Reason } from '../../mesos/reason.js';
import type { Source } from '../../mesos/source.js';
import type { TaskState } from '../../mesos/task-state.js';
import { describeSignal } from './signal-descriptions.js';

export interface TaskOutcome {
  state: TaskState;
  source: Source;
  reason?: Reason;
  message: string;
}

/** "Command exited with status 3", "Command terminated with signal Killed" (Mesos's WSTRINGIFY). */
export function describeExit(end: Pick<Termination, 'exit_code' | 'signal'>): string {
  if (end.signal !== null) return `Command terminated with signal ${describeSignal(end.signal)}`;
  return `Command exited with status ${end.exit_code}`;
}

/** How the end of a task's container reads as a terminal update. `killed`: the framework asked for it. */
export function outcomeOf(end: Termination, killed: boolean): TaskOutcome {
  if (end.limitation) {
    return {
      state: 'TASK_FAILED',
      source: 'SOURCE_AGENT',
      reason: end.limitation.resource === 'mem' ? 'REASON_CONTAINER_LIMITATION_MEMORY' : 'REASON_CONTAINER_LIMITATION',
      message: end.limitation.message,
    };
  }
  if (killed) {
    return { state: 'TASK_KILLED', source: 'SOURCE_EXECUTOR', message: end.exit_code === null && end.signal === null ? 'Command was killed' : describeExit(end) };
  }
  if (end.exit_code === null && end.signal === null) {
    return { state: 'TASK_FAILED', source: 'SOURCE_AGENT', reason: 'REASON_EXECUTOR_TERMINATED', message: `Failed to get exit status for Command: ${end.message}` };
  }
  if (end.destroyed) {
    // Destroyed by someone other than this agent (an operator's destroy).
    return { state: 'TASK_FAILED', source: 'SOURCE_AGENT', reason: 'REASON_EXECUTOR_TERMINATED', message: `The task's container was destroyed: ${describeExit(end)}` };
  }
  if (end.exit_code === 0) return { state: 'TASK_FINISHED', source: 'SOURCE_EXECUTOR', message: describeExit(end) };
  return { state: 'TASK_FAILED', source: 'SOURCE_EXECUTOR', message: describeExit(end) };
}
