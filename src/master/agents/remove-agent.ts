// An agent is removed (health check failed, it unregistered, it did not
// re-register in time after a master restart, or a new agent registered at
// its address). The removal is made durable first; only then are its tasks
// reported TASK_LOST with REASON_AGENT_REMOVED, so that no task is called
// lost while its agent could still come back.
import { isTerminal } from '../../mesos/task-state.js';
import { events } from '../../mesos/scheduler/event.js';
import type { MasterContext } from '../context.js';
import { rescindAgentOffers } from '../offers.js';
import type { AgentRecord } from '../state/agent.js';
import { isConnected } from '../state/framework.js';
import { endTaskByMaster } from '../tasks/master-updates.js';
import { removeTask } from '../tasks/task-book.js';

export type RemovalReason = 'unhealthy' | 'unregistered' | 'registered' | 'reregister_timeout';

export async function removeAgent(ctx: MasterContext, agent: AgentRecord, why: string, reason: RemovalReason): Promise<void> {
  if (agent.status === 'removing' || ctx.agents.get(agent.id) !== agent) return;
  const wasRecovered = agent.status === 'recovered';
  ctx.log.warn({ agent: agent.id, hostname: agent.info.hostname }, `removing agent: ${why}`);
  agent.status = 'removing';
  rescindAgentOffers(ctx, agent.id);
  ctx.allocator.removeAgent(agent.id);
  try {
    await ctx.registry.remove(agent.id);
  } catch (error) {
    ctx.fatal(error);
    return;
  }
  const message = `Agent ${agent.info.hostname} removed: ${why}`;
  for (const task of [...agent.tasks.values()]) {
    if (isTerminal(task.state)) removeTask(ctx, task);
    else endTaskByMaster(ctx, task, 'TASK_LOST', 'REASON_AGENT_REMOVED', message);
  }
  for (const framework of ctx.frameworks.values()) if (isConnected(framework)) framework.subscription!.send(events.failure(agent.id));
  ctx.agents.delete(agent.id);
  ctx.metrics.increment('master/slave_removals');
  ctx.metrics.increment(`master/slave_removals/reason_${reason}`);
  if (wasRecovered) ctx.metrics.increment('master/recovery_slave_removals');
  // In case it is alive after all: it must not run tasks the frameworks were told are lost.
  if (reason !== 'unregistered' && reason !== 'registered') await agent.link.send('SHUTDOWN_AGENT', { message });
  agent.link.close();
}
