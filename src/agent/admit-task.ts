// A RUN_TASK, judged before anything is made for it. The message itself
// only promised a task id and a framework id; everything else is checked
// here, and a task that fails gets TASK_ERROR (it would fail again if
// retried) with the problem named, never an error response or a crash.
import { messageOf } from '../errors.js';
import { FrameworkInfoSchema } from '../mesos/framework-info.js';
import type { TaskInfo } from '../mesos/task-info.js';
import { TaskInfoSchema } from '../mesos/task-info.js';
import { parseWith } from '../mesos/validate.js';
import type { RunTask } from '../mesos/wire/to-agent.js';
import { checkPathComponent } from './paths.js';
import type { StatusChange } from './status-reporter.js';
import type { Framework } from './task-table.js';

export type Admission =
  | { ok: true; framework: Framework; info: TaskInfo; name: string }
  | { ok: false; framework: Framework | undefined; name: string; refusal: StatusChange };

const refuse = (message: string): StatusChange => ({ state: 'TASK_ERROR', source: 'SOURCE_AGENT', reason: 'REASON_TASK_INVALID', message });

export function admitTask(run: RunTask, agentId: string): Admission {
  const taskId = run.task.task_id.value;
  const name = typeof run.task.name === 'string' ? run.task.name : taskId;
  let framework: Framework | undefined;
  try {
    const parsed = parseWith(FrameworkInfoSchema, run.framework, 'FrameworkInfo', 'INVALID_FRAMEWORK');
    framework = { ...parsed, id: { value: checkPathComponent('framework id', run.framework.id.value) } };
    checkPathComponent('task id', taskId);
  } catch (error) {
    return { ok: false, framework, name, refusal: refuse(messageOf(error)) };
  }
  let info: TaskInfo;
  try {
    info = parseWith(TaskInfoSchema, run.task, 'TaskInfo', 'INVALID_TASK');
  } catch (error) {
    return { ok: false, framework, name, refusal: refuse(messageOf(error)) };
  }
  if (info.agent_id.value !== agentId) {
    return { ok: false, framework, name, refusal: refuse(`Task is for agent ${info.agent_id.value}, but this is agent ${agentId}`) };
  }
  if (info.executor) {
    return {
      ok: false,
      framework,
      name,
      refusal: refuse(`Task has a custom executor (${info.executor.executor_id.value}): this agent runs only command tasks (a TaskInfo with a command and no executor)`),
    };
  }
  if (!info.command) {
    return { ok: false, framework, name, refusal: refuse('Task has no command: this agent runs only command tasks (a TaskInfo with a command and no executor)') };
  }
  return { ok: true, framework, info, name };
}
