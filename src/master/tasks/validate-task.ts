// Whether a task of an ACCEPT can run (Mesos's task validators, in their
// order: id, agent, uniqueness, resources, command/executor). The first
// problem found is the TASK_ERROR message, naming what is wrong.
import { containsResources, normalizeResources } from '../../mesos/resources/arithmetic.js';
import type { Resource } from '../../mesos/resources/resource.js';
import { formatResources } from '../../mesos/resources/text.js';
import type { TaskInfo } from '../../mesos/task-info.js';
import { TaskInfoSchema } from '../../mesos/task-info.js';
import { describeIssues } from '../../mesos/validate.js';

export interface LaunchContext {
  /** The agent of the offers. */
  agentId: string;
  /** What is left of the offers after the tasks before this one. */
  remaining: readonly Resource[];
  /** The id is taken: a task the framework has, or an earlier task of this ACCEPT. */
  isDuplicate(taskId: string): boolean;
}

export type Validation = { ok: true; task: TaskInfo } | { ok: false; message: string };

/** Task ids name directories and appear in paths: Mesos refuses these characters. */
export function invalidTaskId(taskId: string): string | undefined {
  if (/[\u0000-\u001f\u007f/\\]/.test(taskId)) return `TaskID '${JSON.stringify(taskId).slice(1, -1)}' contains invalid characters (control characters, '/' and '\\' are not allowed)`;
  if (taskId === '.' || taskId === '..') return `TaskID '${taskId}' is not allowed`;
  return undefined;
}

export function validateTask(raw: { task_id: { value: string } }, ctx: LaunchContext): Validation {
  const taskId = raw.task_id.value;
  const badId = invalidTaskId(taskId);
  if (badId) return { ok: false, message: badId };

  const parsed = TaskInfoSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: describeIssues(parsed.error.issues, raw, 'TaskInfo') };
  const task = parsed.data;

  if (task.agent_id.value !== ctx.agentId) return { ok: false, message: `Task uses agent '${task.agent_id.value}' but its offers are for agent '${ctx.agentId}'` };
  if (ctx.isDuplicate(taskId)) return { ok: false, message: `Task has duplicate ID: ${taskId}` };

  const resources = normalizeResources(task.resources);
  if (resources.length === 0) return { ok: false, message: 'Task uses no resources' };
  if (!containsResources(ctx.remaining, resources)) {
    return { ok: false, message: `Task ${taskId} attempted to use ${formatResources(resources)} which is greater than offered ${formatResources(normalizeResources(ctx.remaining)) || 'nothing'}` };
  }

  if (task.executor && !task.command) {
    return { ok: false, message: `Task ${taskId} names a custom executor '${task.executor.executor_id.value}': this cluster runs command tasks only (give 'command', not 'executor')` };
  }
  if (!task.command || task.executor) return { ok: false, message: 'Task should have at least one (but not both) of CommandInfo or ExecutorInfo present' };
  return { ok: true, task };
}
