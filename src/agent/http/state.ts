// GET /state: the agent as Mesos's state endpoint shows it (frameworks,
// their executors and tasks), each task with its last status update, which
// carries source, reason and message.
import { messageOf } from '../../errors.js';
import { formatResources } from '../../mesos/resources/index.js';
import type { Resource } from '../../mesos/resources/resource.js';
import { VERSION } from '../../version.js';
import type { Agent } from '../agent.js';
import type { AgentTask } from '../task-table.js';

/** Mesos's JSON model of Resources: scalars as numbers, ranges and sets as text. */
export function resourcesObject(resources: readonly Resource[]): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const r of resources) {
    if (r.type === 'SCALAR') out[r.name] = (typeof out[r.name] === 'number' ? (out[r.name] as number) : 0) + (r.scalar?.value ?? 0);
    else out[r.name] = formatResources([{ ...r, role: '*' }]).slice(r.name.length + 1);
  }
  return out;
}

function taskJson(agent: Agent, task: AgentTask): Record<string, unknown> {
  return {
    id: task.taskId,
    name: task.name,
    framework_id: task.frameworkId,
    executor_id: task.executorId,
    slave_id: agent.agentId,
    state: task.state,
    resources: resourcesObject(task.resources),
    statuses: task.lastStatus ? [task.lastStatus] : [],
  };
}

/**
 * The task's container as the containerizer sees it now (its run directory
 * and the host): null once its record is forgotten (its end acknowledged)
 * or before it was made. The web UI shows it on the task's page.
 */
function containerStatusJson(agent: Agent, task: AgentTask): Record<string, unknown> | null {
  let status;
  try {
    status = agent.containers.status(task.containerId);
  } catch (error) {
    agent.logger.warn({ container: task.containerId, err: messageOf(error) }, "cannot read a container's status for /state");
    return null;
  }
  if (!status) return null;
  const { container_id, state, pid, isolation, resources, user, cgroup, created, exit_code, signal, finished_at, message } = status;
  return { container_id, state, pid, isolation, resources, user, cgroup, created, exit_code, signal, finished_at, message };
}

function frameworksJson(agent: Agent, tasks: readonly AgentTask[], completed: boolean): unknown[] {
  const byFramework = new Map<string, AgentTask[]>();
  for (const task of tasks) byFramework.set(task.frameworkId, [...(byFramework.get(task.frameworkId) ?? []), task]);
  return [...byFramework].map(([frameworkId, own]) => {
    const info = agent.table.frameworks.get(frameworkId);
    return {
      id: frameworkId,
      name: info?.name ?? '',
      user: info?.user ?? '',
      checkpoint: info?.checkpoint ?? false,
      role: info?.role ?? '*',
      hostname: info?.hostname ?? '',
      [completed ? 'completed_executors' : 'executors']: own.map((task) => ({
        id: task.executorId,
        name: `Command Executor (Task: ${task.taskId})`,
        source: task.taskId,
        container: task.containerId,
        container_status: containerStatusJson(agent, task),
        directory: task.sandbox,
        resources: resourcesObject(task.resources),
        tasks: completed ? [] : [taskJson(agent, task)],
        queued_tasks: [],
        completed_tasks: completed ? [taskJson(agent, task)] : [],
      })),
    };
  });
}

export function stateJson(agent: Agent): Record<string, unknown> {
  const { config } = agent;
  return {
    version: VERSION,
    id: agent.agentId ?? '',
    pid: `slave(1)@${config.ip}:${config.port}`,
    hostname: config.hostname,
    start_time: agent.metrics.startedAt / 1000,
    master_hostname: config.master.host,
    registered: agent.link.state === 'registered',
    resources: resourcesObject(config.resources),
    frameworks: frameworksJson(agent, agent.table.liveTasks().filter((t) => !t.silent), false),
    completed_frameworks: frameworksJson(agent, agent.table.completedTasks(), true),
  };
}
