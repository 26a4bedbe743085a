// Updates the master makes itself (TASK_ERROR for an invalid task, TASK_LOST
// for invalid offers or a removed agent, reconciliation answers): source
// SOURCE_MASTER and no uuid, because nobody acknowledges them.
import type { Reason } from '../../mesos/reason.js';
import type { TaskState } from '../../mesos/task-state.js';
import type { TaskStatus } from '../../mesos/task-status.js';
import { nowSeconds } from '../../mesos/task-status.js';
import { events } from '../../mesos/scheduler/event.js';
import type { MasterContext } from '../context.js';
import { isConnected } from '../state/framework.js';
import type { TaskRecord } from '../state/task.js';
import { applyStatusUpdate, newTask } from '../state/task.js';
import { recoverTaskResources, removeTask } from './task-book.js';

/** Written out (not createTaskStatus) because a reconciliation makes 100 000 of these at once. */
export function masterStatus(taskId: string, state: TaskState, reason: Reason, message: string, agentId?: string, executorId?: string): TaskStatus {
  const status: TaskStatus = { task_id: { value: taskId }, state, message, source: 'SOURCE_MASTER', reason, timestamp: nowSeconds() };
  if (agentId !== undefined) status.agent_id = { value: agentId };
  if (executorId !== undefined) status.executor_id = { value: executorId };
  return status;
}

/** Sends an UPDATE event to the framework if it is connected (else it is lost, as in Mesos). */
export function sendUpdate(ctx: MasterContext, frameworkId: string, status: TaskStatus): void {
  const framework = ctx.frameworks.get(frameworkId);
  if (framework && isConnected(framework)) framework.subscription!.send(events.update(status));
}

/** Ends a known task with an update of the master's own, tells its framework, and forgets it. */
export function endTaskByMaster(ctx: MasterContext, task: TaskRecord, state: TaskState, reason: Reason, message: string, notify = true): void {
  const status = masterStatus(task.taskId, state, reason, message, task.agentId, task.executorId);
  const { previous, terminated } = applyStatusUpdate(task, status);
  ctx.metrics.taskChanged(previous, task.state, 'SOURCE_MASTER', reason);
  if (terminated) recoverTaskResources(ctx, task);
  if (notify) sendUpdate(ctx, task.frameworkId, status);
  removeTask(ctx, task);
}

/**
 * Refuses a task the master never took (invalid task, invalid offers): the
 * framework is told, and the task is kept among its completed ones so that
 * /state shows why.
 */
export function refuseTask(ctx: MasterContext, frameworkId: string, taskId: string, name: string, state: TaskState, reason: Reason, message: string, agentId?: string): void {
  const status = masterStatus(taskId, state, reason, message, agentId);
  ctx.metrics.taskEnded(state, 'SOURCE_MASTER', reason);
  sendUpdate(ctx, frameworkId, status);
  const record = newTask({ taskId, frameworkId, agentId: agentId ?? '', executorId: undefined, name, resources: [], info: undefined });
  applyStatusUpdate(record, status);
  ctx.frameworks.get(frameworkId)?.completedTasks.push(record);
  ctx.log.info({ framework: frameworkId, task: taskId, state, reason }, message);
}
