// RUN_TASK: the task is known at once (a KILL_TASK right behind it finds
// it), then waits its turn to start: checkpoint (frameworks with
// checkpointing), TASK_STARTING, the container's launch. A task that fails
// admission gets its TASK_ERROR instead.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';

import { messageOf } from '../errors.js';
import type { RunTask } from '../mesos/wire/to-agent.js';
import type { Admission } from './admit-task.js';
import { admitTask } from './admit-task.js';
import type { Agent } from './agent.js';
import { launchRequest } from './executor/launch-request.js';
import { TaskRunner } from './executor/task-runner.js';
import type { AgentTask, Framework } from './task-table.js';
import { taskKey } from './task-table.js';

export function runTask(agent: Agent, run: RunTask): void {
  const frameworkId = run.framework.id.value;
  const taskId = run.task.task_id.value;
  if (agent.table.get(frameworkId, taskId)) {
    // Answering it would end the running task's stream: ignore it.
    agent.metrics.increment('slave/invalid_framework_messages');
    agent.logger.warn({ framework: frameworkId, task: taskId }, 'ignoring a RUN_TASK for a task this agent already has');
    return;
  }
  const admission = admitTask(run, agent.agentId!);
  const containerId = randomUUID();
  const task: AgentTask = {
    frameworkId,
    taskId,
    executorId: taskId,
    containerId,
    name: admission.name,
    info: admission.ok ? admission.info : undefined,
    resources: admission.ok ? admission.info.resources : [],
    checkpoint: admission.framework?.checkpoint === true,
    sandbox: agent.paths.sandbox({ agentId: agent.agentId!, frameworkId, executorId: taskId, containerId }),
    state: 'TASK_STAGING',
    lastStatus: undefined,
    phase: 'staging',
    killRequested: false,
  };
  agent.table.add(task);
  if (admission.framework) agent.table.frameworks.set(frameworkId, admission.framework);
  agent.metrics.increment('slave/valid_framework_messages');
  void agent.starting.run(() => startTask(agent, task, admission)).catch((error) => agent.logger.error({ task: taskId, err: messageOf(error) }, 'starting a task failed'));
}

async function startTask(agent: Agent, task: AgentTask, admission: Admission): Promise<void> {
  // Its framework's and executor's directories may be scheduled for removal (an earlier task's): they stay.
  await agent.gc.beforeLaunch({ agentId: agent.agentId!, frameworkId: task.frameworkId, executorId: task.executorId });
  // Shut down (its framework, or the agent) while it waited its turn: nothing of it starts or is kept.
  if (task.silent) return;
  if (task.checkpoint && admission.framework) {
    try {
      checkpointFramework(agent, admission.framework);
      agent.meta.task({ agentId: agent.agentId!, frameworkId: task.frameworkId, executorId: task.executorId, containerId: task.containerId }, task.taskId, task.info);
    } catch (error) {
      // Nothing of it can be kept: it is not started, and says so (without a checkpoint).
      task.checkpoint = false;
      task.phase = 'ended';
      await agent.reporter.report(task, { state: 'TASK_FAILED', source: 'SOURCE_AGENT', reason: 'REASON_CONTAINER_LAUNCH_FAILED', message: messageOf(error) });
      return;
    }
  }
  if (!admission.ok) {
    task.phase = 'ended';
    await agent.reporter.report(task, admission.refusal);
    return;
  }
  mkdirSync(task.sandbox, { recursive: true, mode: 0o755 });
  const runner = new TaskRunner(agent.runnerHost(), task, agent.config.killGracePeriodMs);
  agent.runners.set(taskKey(task.frameworkId, task.taskId), runner);
  await runner.launch(launchRequest(task, admission.info, admission.framework, agent.agentId!, agent.config.switchUser));
}

/** framework.info, written when the framework is new here or its info changed. */
function checkpointFramework(agent: Agent, framework: Framework): void {
  const text = JSON.stringify(framework);
  if (agent.frameworksCheckpointed.get(framework.id.value) === text) return;
  agent.meta.framework(agent.agentId!, framework);
  agent.frameworksCheckpointed.set(framework.id.value, text);
}
