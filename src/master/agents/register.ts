// REGISTER_AGENT: a new agent gets an id once the registry holds it. A
// registration repeated from the same address (the answer was lost) gets the
// same id; a fresh registration from the address of an agent that has tasks
// means that agent restarted without its state, so it is removed first.
import type { RegisterAgent } from '../../mesos/wire/to-master.js';
import type { MasterContext } from '../context.js';
import { connectionFor, newAgentRecord, sameAddress } from './agent-record.js';
import { removeAgent } from './remove-agent.js';

export async function registerAgent(ctx: MasterContext, message: RegisterAgent): Promise<void> {
  ctx.metrics.increment('master/messages_register_slave');
  const existing = [...ctx.agents.values()].find((a) => a.status !== 'removing' && sameAddress(a.address, message.address));
  if (existing) {
    if (existing.status === 'registering') return; // the first attempt answers
    if (existing.status === 'registered' && existing.tasks.size === 0) {
      void existing.link.send('AGENT_REGISTERED', { agent_id: { value: existing.id }, connection: connectionFor(ctx) });
      return;
    }
    await removeAgent(ctx, existing, `a new agent registered at its address ${message.address.ip}:${message.address.port}`, 'registered');
  }
  const id = ctx.ids.agent();
  const agent = newAgentRecord(ctx, { id, info: message.agent_info, address: message.address, version: message.agent_version, status: 'registering' });
  ctx.agents.set(id, agent);
  try {
    await ctx.registry.admit({ id, info: agent.info, address: agent.address, version: agent.version });
  } catch (error) {
    ctx.fatal(error);
    return;
  }
  if (ctx.agents.get(id) !== agent || agent.status !== 'registering') return;
  agent.status = 'registered';
  agent.registeredTime = Date.now() / 1000;
  ctx.allocator.addAgent(id, agent.total, {});
  ctx.metrics.increment('master/slave_registrations');
  ctx.log.info({ agent: id, hostname: agent.info.hostname, address: `${agent.address.ip}:${agent.address.port}` }, 'agent registered');
  void agent.link.send('AGENT_REGISTERED', { agent_id: { value: id }, connection: connectionFor(ctx) });
  ctx.allocateSoon();
}
