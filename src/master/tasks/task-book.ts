// Putting tasks into the master's books and taking them out: a task lives in
// its framework's and its agent's maps until its terminal update is
// acknowledged (or was made by the master, which nobody acknowledges), then
// moves to its framework's completed tasks.
import { isTerminal } from '../../mesos/task-state.js';
import type { MasterContext } from '../context.js';
import type { TaskRecord } from '../state/task.js';
import { taskKey } from '../state/task.js';

export function addTask(ctx: MasterContext, task: TaskRecord): void {
  ctx.frameworks.get(task.frameworkId)?.tasks.set(task.taskId, task);
  ctx.agents.get(task.agentId)?.tasks.set(taskKey(task.frameworkId, task.taskId), task);
  ctx.metrics.taskAdded(task.state);
}

/** Forgets the task (it must be terminal by now, or its framework or agent is going away). */
export function removeTask(ctx: MasterContext, task: TaskRecord): void {
  const framework = ctx.frameworks.get(task.frameworkId);
  if (framework?.tasks.get(task.taskId) === task) {
    framework.tasks.delete(task.taskId);
    framework.completedTasks.push(task);
  }
  const agent = ctx.agents.get(task.agentId);
  const key = taskKey(task.frameworkId, task.taskId);
  if (agent?.tasks.get(key) === task) agent.tasks.delete(key);
  agent?.killed.delete(key);
  if (!isTerminal(task.state)) ctx.metrics.taskForgotten(task.state);
}

/** The task's resources go back to the allocator (once: when it first becomes terminal). */
export function recoverTaskResources(ctx: MasterContext, task: TaskRecord): void {
  if (task.resources.length > 0) ctx.allocator.recoverResources(task.frameworkId, task.agentId, task.resources);
  ctx.allocateSoon();
}
