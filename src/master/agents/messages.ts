// Messages from agents (POST /internal/v1/master), once parsed: each is
// answered at once (202, or 409 for an agent that must re-register first);
// what comes of it travels back as messages to the agent.
import type { ToMaster } from '../../mesos/wire/to-master.js';
import type { MasterContext } from '../context.js';
import { statusUpdate } from '../tasks/status-update.js';
import { registerAgent } from './register.js';
import { removeAgent } from './remove-agent.js';
import { reregisterAgent } from './reregister.js';

export interface Answer {
  status: number;
  body?: string;
}

export function handleAgentMessage(ctx: MasterContext, message: ToMaster): Answer {
  switch (message.type) {
    case 'REGISTER_AGENT':
      void registerAgent(ctx, message.register_agent);
      return { status: 202 };
    case 'REREGISTER_AGENT':
      void reregisterAgent(ctx, message.reregister_agent);
      return { status: 202 };
    case 'STATUS_UPDATE': {
      const update = message.status_update.update;
      const agent = ctx.agents.get(update.agent_id.value);
      if (agent?.status !== 'registered') {
        ctx.metrics.increment('master/invalid_status_updates');
        return { status: 409, body: `agent ${update.agent_id.value} is not registered with this master (${ctx.ids.masterId}): re-register first` };
      }
      if (statusUpdate(ctx, agent, update) === 'framework-removed') {
        void agent.link.send('SHUTDOWN_FRAMEWORK', { framework_id: update.framework_id });
      }
      return { status: 202 };
    }
    case 'UNREGISTER_AGENT': {
      const agent = ctx.agents.get(message.unregister_agent.agent_id.value);
      if (agent) void removeAgent(ctx, agent, 'it unregistered (shut down for good)', 'unregistered');
      return { status: 202 };
    }
  }
}
