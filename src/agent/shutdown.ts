// SHUTDOWN_FRAMEWORK and SHUTDOWN_AGENT: what is shut down ends without
// status updates (the master has already accounted for it) and is forgotten.
import type { Agent } from './agent.js';
import { collectEnded } from './task-messages.js';
import { taskKey } from './task-table.js';

export async function shutdownFramework(agent: Agent, frameworkId: string): Promise<void> {
  agent.logger.info({ framework: frameworkId }, 'shutting down a framework');
  const tasks = agent.table.ofFramework(frameworkId);
  await agent.sum.cleanup(frameworkId);
  for (const task of tasks) {
    task.silent = true;
    task.killRequested = true; // one still waiting to start never starts
    agent.table.remove(task);
  }
  await Promise.all(tasks.map((task) => agent.runners.get(taskKey(frameworkId, task.taskId))?.destroy()));
  for (const task of tasks) agent.runners.delete(taskKey(frameworkId, task.taskId));
  await Promise.all(tasks.filter((t) => t.containerId).map((t) => agent.forgetContainer(t.containerId)));
  agent.table.frameworks.delete(frameworkId);
  agent.frameworksCheckpointed.delete(frameworkId);
  if (agent.agentId) await agent.meta.removeFramework(agent.agentId, frameworkId);
  await collectEnded(agent, frameworkId, tasks, true);
}

/** The master removed this agent: every task ends, the agent forgets its id (a restart registers anew) and exits. */
export async function shutdownAgent(agent: Agent, why: string): Promise<void> {
  agent.logger.warn({ why }, 'the master shut this agent down');
  agent.stopping = true;
  agent.link.close();
  await agent.sum.close();
  for (const task of agent.table.liveTasks()) {
    task.silent = true;
    task.killRequested = true; // one still waiting to start never starts
  }
  await Promise.all([...agent.runners.values()].map((runner) => runner.destroy()));
  await agent.meta.forgetAgent();
  agent.exit(0);
}
