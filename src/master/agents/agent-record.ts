// Making an agent's record, and what the master tells an agent about the
// connection (how long it may go without a PING before it re-registers).
import type { AgentInfo } from '../../mesos/agent-info.js';
import { normalizeResources } from '../../mesos/resources/arithmetic.js';
import type { Address } from '../../mesos/wire/protocol.js';
import type { MasterContext } from '../context.js';
import type { AgentRecord, AgentStatus } from '../state/agent.js';
import { AgentLink } from './link.js';

export function newAgentRecord(ctx: MasterContext, fields: { id: string; info: AgentInfo; address: Address; version: string | undefined; status: AgentStatus }): AgentRecord {
  return {
    ...fields,
    info: { ...fields.info, id: { value: fields.id } },
    total: normalizeResources(fields.info.resources),
    tasks: new Map(),
    killed: new Set(),
    link: new AgentLink(fields.address, ctx.ids.masterId, ctx.options.agentPingTimeoutMs, ctx.log),
    missedPings: 0,
    pinging: false,
    resync: false,
    registeredTime: undefined,
    reregisteredTime: undefined,
  };
}

export function connectionFor(ctx: MasterContext): { total_ping_timeout_seconds: number } {
  return { total_ping_timeout_seconds: (ctx.options.agentPingTimeoutMs * ctx.options.maxAgentPingTimeouts) / 1000 };
}

export const sameAddress = (a: Address, b: Address): boolean => a.ip === b.ip && a.port === b.port;

/** Where the agent listens moved (it restarted on another port): messages go to the new place. */
export function updateAddress(ctx: MasterContext, agent: AgentRecord, address: Address): void {
  if (sameAddress(agent.address, address)) return;
  agent.link.close();
  agent.address = address;
  agent.link = new AgentLink(address, ctx.ids.masterId, ctx.options.agentPingTimeoutMs, ctx.log);
}
