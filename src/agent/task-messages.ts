// KILL_TASK and STATUS_UPDATE_ACKNOWLEDGEMENT, and the updates the agent
// sends about tasks it does not hold.
import { messageOf } from '../errors.js';
import { gracePeriodMs } from '../mesos/task-info.js';
import { isTerminal } from '../mesos/task-state.js';
import { uuidText } from '../mesos/uuid.js';
import type { Agent } from './agent.js';
import type { StatusChange } from './status-reporter.js';
import type { AgentTask } from './task-table.js';
import { taskKey } from './task-table.js';

export function killTask(agent: Agent, frameworkId: string, taskId: string, graceMs: number | undefined): void {
  const task = agent.table.get(frameworkId, taskId);
  if (!task && agent.table.isCompleted(frameworkId, taskId)) return; // over, and acknowledged
  if (!task) {
    void reportUnknown(agent, frameworkId, taskId, { state: 'TASK_LOST', source: 'SOURCE_AGENT', reason: 'REASON_TASK_UNKNOWN', message: 'Cannot find the task: it is not on this agent' });
    return;
  }
  if (isTerminal(task.state) || task.phase === 'ended') return;
  const runner = agent.runners.get(taskKey(frameworkId, taskId));
  if (!runner) {
    task.killRequested = true; // waiting to start: its start sees it
    return;
  }
  void runner.kill(graceMs ?? gracePeriodMs(task.info?.kill_policy) ?? agent.config.killGracePeriodMs);
}

export async function acknowledge(agent: Agent, frameworkId: string, taskId: string, uuid: string): Promise<void> {
  const result = await agent.sum.acknowledge(frameworkId, taskId, uuid).catch((error) => {
    agent.logger.error({ task: taskId, err: messageOf(error) }, 'cannot record an acknowledgement');
    return undefined;
  });
  if (!result) return;
  if (result.outcome !== 'ok') {
    agent.metrics.increment('slave/status_update_acknowledgements_ignored');
    agent.logger.info({ task: taskId, uuid: uuidText(uuid), outcome: result.outcome }, 'ignoring a status update acknowledgement');
    return;
  }
  if (!result.terminated) return;
  const task = agent.table.get(frameworkId, taskId);
  if (!task) return;
  agent.table.complete(task);
  agent.runners.delete(taskKey(frameworkId, taskId));
  const frameworkDone = !agent.table.frameworks.has(frameworkId);
  if (frameworkDone) agent.frameworksCheckpointed.delete(frameworkId);
  if (task.containerId) await agent.forgetContainer(task.containerId);
  await collectEnded(agent, frameworkId, [task], frameworkDone);
}

/** Schedules the directories of ended tasks (their containers forgotten) and, if it is done here, of their framework. */
export async function collectEnded(agent: Agent, frameworkId: string, tasks: readonly AgentTask[], frameworkDone: boolean): Promise<void> {
  const agentId = agent.agentId;
  if (agentId === undefined) return;
  try {
    for (const task of tasks) if (task.containerId) await agent.gc.taskEnded({ agentId, frameworkId: task.frameworkId, executorId: task.executorId, containerId: task.containerId });
    if (frameworkDone) await agent.gc.frameworkEnded(agentId, frameworkId);
  } catch (error) {
    agent.logger.error({ err: messageOf(error) }, 'cannot schedule the directories of ended tasks for garbage collection');
  }
}

/** An update for a task the agent does not hold (not checkpointed: nothing of it is here). */
export function reportUnknown(agent: Agent, frameworkId: string, taskId: string, change: StatusChange): Promise<void> {
  const task: AgentTask = {
    frameworkId, taskId, executorId: taskId, containerId: '', name: taskId, info: undefined, resources: [],
    checkpoint: false, sandbox: '', state: 'TASK_STAGING', lastStatus: undefined, phase: 'ended', killRequested: false,
  };
  return agent.reporter.report(task, change).catch((error) => agent.logger.error({ task: taskId, err: messageOf(error) }, 'cannot report a task the agent does not know'));
}
