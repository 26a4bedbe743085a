// Task reconciliation, the master's side (Mesos 0.21 Master::reconcileTasks,
// reference §2.2), as a pure function of what the master knows.
//
// Implicit (no tasks listed): the state of every task the framework has here,
// terminal ones not yet acknowledged included; pending ones as TASK_STAGING.
// Explicit, for each task listed:
//   known                            -> its status-update state
//   unknown, agent registered        -> TASK_LOST "unknown to the agent"
//   unknown, agent in transition     -> no answer (it may still report it)
//   unknown, no agent named, and any agent in transition -> no answer
//   otherwise                        -> TASK_LOST "unknown"
// Every answer: SOURCE_MASTER, REASON_RECONCILIATION, no uuid.
import type { ReconcileTask } from '../../mesos/scheduler/call.js';
import type { TaskStatus } from '../../mesos/task-status.js';
import type { TaskRecord } from '../state/task.js';
import { reportedState } from '../state/task.js';
import { masterStatus } from './master-updates.js';

export type AgentStanding = 'registered' | 'in-transition' | 'unknown';

export interface ReconcileView {
  /** The framework's tasks the master knows (pending ones included). */
  tasks: ReadonlyMap<string, TaskRecord>;
  agent(agentId: string): AgentStanding;
  anyAgentInTransition(): boolean;
}

export const LATEST_STATE = 'Reconciliation: Latest task state';
export const UNKNOWN_TO_AGENT = 'Reconciliation: Task is unknown to the agent';
export const UNKNOWN_TASK = 'Reconciliation: Task is unknown';

const answer = (task: TaskRecord): TaskStatus =>
  masterStatus(task.taskId, task.pending ? 'TASK_STAGING' : reportedState(task), 'REASON_RECONCILIATION', LATEST_STATE, task.agentId, task.executorId);

export function reconcileTasks(requests: readonly ReconcileTask[], view: ReconcileView): TaskStatus[] {
  if (requests.length === 0) {
    const answers: TaskStatus[] = new Array(view.tasks.size);
    let i = 0;
    for (const task of view.tasks.values()) answers[i++] = answer(task);
    return answers;
  }
  const answers: TaskStatus[] = [];
  for (const request of requests) {
    const taskId = request.task_id.value;
    const agentId = request.agent_id?.value;
    const known = view.tasks.get(taskId);
    if (known) {
      answers.push(answer(known));
      continue;
    }
    const standing = agentId === undefined ? undefined : view.agent(agentId);
    if (standing === 'registered') answers.push(masterStatus(taskId, 'TASK_LOST', 'REASON_RECONCILIATION', UNKNOWN_TO_AGENT, agentId));
    else if (standing === 'in-transition' || (agentId === undefined && view.anyAgentInTransition())) continue;
    else answers.push(masterStatus(taskId, 'TASK_LOST', 'REASON_RECONCILIATION', UNKNOWN_TASK, agentId));
  }
  return answers;
}
