// What the agent tells a master when it re-registers: every task it still
// answers for (running ones, and ended ones whose terminal update is not
// acknowledged), each with its latest state, its unacknowledged updates and
// the one in flight, and their frameworks and (command) executors. See
// docs/agent-master-protocol.md, REREGISTER_AGENT.
import type { ExecutorInfo } from '../mesos/executor-info.js';
import type { Task } from '../mesos/task.js';
import type { Address } from '../mesos/wire/protocol.js';
import type { ReregisterAgent } from '../mesos/wire/to-master.js';
import { VERSION } from '../version.js';
import type { Agent } from './agent.js';
import type { AgentTask } from './task-table.js';

function commandExecutor(task: AgentTask): ExecutorInfo {
  const command = task.info?.command;
  const shown = command ? (command.shell === false ? [command.value, ...(command.arguments ?? []).slice(1)].join(' ') : `sh -c '${command.value}'`) : '';
  return {
    executor_id: { value: task.executorId },
    framework_id: { value: task.frameworkId },
    name: `Command Executor (Task: ${task.taskId}) (Command: ${shown})`,
    source: task.taskId,
    resources: [],
  };
}

function taskOf(agent: Agent, task: AgentTask): Task {
  const statuses = agent.sum.unacknowledged(task.frameworkId, task.taskId).map((u) => u.status);
  const front = statuses[0];
  return {
    name: task.name,
    task_id: { value: task.taskId },
    framework_id: { value: task.frameworkId },
    executor_id: { value: task.executorId },
    agent_id: { value: agent.agentId! },
    state: task.state,
    resources: task.resources,
    statuses,
    ...(front && { status_update_state: front.state, status_update_uuid: front.uuid! }),
    ...(task.info?.labels && { labels: task.info.labels }),
    ...(task.info?.container && { container: task.info.container }),
  };
}

export function reregistration(agent: Agent, address: Address): ReregisterAgent {
  const tasks = agent.table.liveTasks().filter((t) => !t.silent);
  const frameworkIds = new Set(tasks.map((t) => t.frameworkId));
  return {
    agent_info: { ...agent.agentInfo(), id: { value: agent.agentId! } },
    address,
    agent_version: VERSION,
    frameworks: [...agent.table.frameworks.values()].filter((f) => frameworkIds.has(f.id.value)),
    executors: tasks.map(commandExecutor),
    tasks: tasks.map((t) => taskOf(agent, t)),
  };
}
