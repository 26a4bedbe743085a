// Health checks (Mesos's SlaveObserver): a PING to every agent each
// --agent_ping_timeout; a registered agent that leaves --max_agent_ping_timeouts
// of them in a row unanswered is removed. Agents in transition after a master
// restart are pinged too (connected: false, with the new master id), which
// makes them re-register at once; the re-register timeout deals with those
// that never do.
import type { MasterContext } from '../context.js';
import type { AgentRecord } from '../state/agent.js';
import { removeAgent } from './remove-agent.js';

export function pingAgent(ctx: MasterContext, agent: AgentRecord): void {
  if (agent.pinging || ctx.stopped) return;
  if (agent.status !== 'registered' && agent.status !== 'recovered') return;
  agent.pinging = true;
  const connected = agent.status === 'registered' && !agent.resync;
  void agent.link.ping(connected).then((pong) => {
    agent.pinging = false;
    if (ctx.agents.get(agent.id) !== agent || agent.status !== 'registered') return;
    if (pong) {
      agent.missedPings = 0;
      return;
    }
    agent.missedPings++;
    ctx.log.info({ agent: agent.id, missed: agent.missedPings }, 'agent did not answer a PING');
    if (agent.missedPings >= ctx.options.maxAgentPingTimeouts) {
      void removeAgent(ctx, agent, `it did not answer ${agent.missedPings} PINGs in a row (every ${ctx.options.agentPingTimeoutMs / 1000} s)`, 'unhealthy');
    }
  });
}

/** Starts the checks; returns what stops them. */
export function startHealthChecks(ctx: MasterContext): () => void {
  const timer = setInterval(() => {
    for (const agent of ctx.agents.values()) pingAgent(ctx, agent);
  }, ctx.options.agentPingTimeoutMs);
  return () => clearInterval(timer);
}
