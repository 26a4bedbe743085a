// A command task as a container launch: its command, volumes, cpus and mem,
// sandbox, user, and the environment Mesos gives an executor.
import { scalarOf } from '../../mesos/resources/arithmetic.js';
import type { TaskInfo } from '../../mesos/task-info.js';
import type { ContainerLaunch } from '../containerizer-adapter.js';
import type { AgentTask, Framework } from '../task-table.js';

export function launchRequest(task: AgentTask, info: TaskInfo, framework: Framework, agentId: string, switchUser: boolean): ContainerLaunch {
  const command = info.command!;
  const user = switchUser ? command.user || framework.user || undefined : undefined;
  const cpus = scalarOf(info.resources, 'cpus');
  const mem = scalarOf(info.resources, 'mem');
  return {
    containerId: task.containerId,
    command,
    ...(info.container && { containerInfo: info.container }),
    resources: { ...(cpus > 0 && { cpus }), ...(mem > 0 && { mem }) },
    sandbox: task.sandbox,
    ...(user !== undefined && { user }),
    env: {
      MESOS_FRAMEWORK_ID: task.frameworkId,
      MESOS_EXECUTOR_ID: task.executorId,
      MESOS_TASK_ID: task.taskId,
      MESOS_AGENT_ID: agentId,
      MESOS_SLAVE_ID: agentId,
      MESOS_CHECKPOINT: task.checkpoint ? '1' : '0',
    },
    dieWithAgent: !task.checkpoint,
  };
}
