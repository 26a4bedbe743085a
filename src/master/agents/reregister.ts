// REREGISTER_AGENT: an agent with an id comes back (after its own restart,
// the master's, or a lost connection). A removed agent is told to shut down;
// any other is admitted with what it reports, answered with the tasks the
// master wants it to account for, and sent the kills it may have missed.
import { normalizeResources } from '../../mesos/resources/arithmetic.js';
import { isTerminal } from '../../mesos/task-state.js';
import type { ReregisterAgent } from '../../mesos/wire/to-master.js';
import type { MasterContext } from '../context.js';
import { rescindAgentOffers } from '../offers.js';
import type { AgentRecord } from '../state/agent.js';
import { adoptReport } from './adopt-report.js';
import { connectionFor, newAgentRecord, sameAddress, updateAddress } from './agent-record.js';
import { AgentLink } from './link.js';

export async function reregisterAgent(ctx: MasterContext, message: ReregisterAgent): Promise<void> {
  ctx.metrics.increment('master/messages_reregister_slave');
  const id = message.agent_info.id.value;
  let agent = ctx.agents.get(id);
  if (ctx.registry.isRemoved(id) || agent?.status === 'removing') {
    await shutDown(ctx, message, `agent ${id} was removed by the master: its tasks were reported lost; it must register anew`);
    return;
  }
  if (agent?.status === 'registering' || agent?.status === 'reregistering') return; // the first attempt answers

  const needsAdmission = !agent || agent.status === 'recovered' || !sameAddress(agent.address, message.address) || JSON.stringify(agent.info.resources) !== JSON.stringify(message.agent_info.resources);
  if (!agent) {
    agent = newAgentRecord(ctx, { id, info: message.agent_info, address: message.address, version: message.agent_version, status: 'reregistering' });
    ctx.agents.set(id, agent);
  } else {
    updateAddress(ctx, agent, message.address);
    agent.info = { ...message.agent_info };
    agent.version = message.agent_version;
    if (agent.status === 'recovered') agent.status = 'reregistering';
  }
  if (needsAdmission) {
    try {
      await ctx.registry.admit({ id, info: agent.info, address: agent.address, version: agent.version });
    } catch (error) {
      ctx.fatal(error);
      return;
    }
    if (ctx.agents.get(id) !== agent || agent.status === 'removing') return;
  }
  admit(ctx, agent, message);
}

function admit(ctx: MasterContext, agent: AgentRecord, message: ReregisterAgent): void {
  agent.total = normalizeResources(message.agent_info.resources);
  const { reconciliations, removedFrameworks, used } = adoptReport(ctx, agent, message);
  rescindAgentOffers(ctx, agent.id);
  ctx.allocator.removeAgent(agent.id);
  ctx.allocator.addAgent(agent.id, agent.total, used);
  agent.status = 'registered';
  agent.reregisteredTime = Date.now() / 1000;
  agent.registeredTime ??= agent.reregisteredTime;
  agent.missedPings = 0;
  agent.resync = false;
  ctx.metrics.increment('master/slave_reregistrations');
  ctx.log.info({ agent: agent.id, tasks: message.tasks.length, reconciling: reconciliations.reduce((n, r) => n + r.statuses.length, 0) }, 'agent re-registered');

  void agent.link.send('AGENT_REREGISTERED', { agent_id: { value: agent.id }, connection: connectionFor(ctx), reconciliations });
  for (const key of agent.killed) {
    const task = agent.tasks.get(key);
    if (!task || isTerminal(task.state)) {
      agent.killed.delete(key);
      continue;
    }
    void agent.link.send('KILL_TASK', { framework_id: { value: task.frameworkId }, task_id: { value: task.taskId } });
  }
  for (const frameworkId of removedFrameworks) void agent.link.send('SHUTDOWN_FRAMEWORK', { framework_id: { value: frameworkId } });
  ctx.allocateSoon();
}

async function shutDown(ctx: MasterContext, message: ReregisterAgent, why: string): Promise<void> {
  ctx.log.warn({ agent: message.agent_info.id.value }, `refusing re-registration: ${why}`);
  const link = new AgentLink(message.address, ctx.ids.masterId, ctx.options.agentPingTimeoutMs, ctx.log);
  await link.send('SHUTDOWN_AGENT', { message: why });
  link.close();
}
