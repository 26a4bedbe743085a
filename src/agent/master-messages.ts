// The master's messages to the agent: which master run they must come from,
// and what the registration answers and PING do; the task messages go on to
// run-task.ts and task-messages.ts.
import { messageOf } from '../errors.js';
import { gracePeriodMs } from '../mesos/task-info.js';
import type { Reconciliation, ToAgent } from '../mesos/wire/to-agent.js';
import type { Agent, Reply } from './agent.js';
import { checkPathComponent } from './paths.js';
import { runTask } from './run-task.js';
import { shutdownAgent, shutdownFramework } from './shutdown.js';
import { acknowledge, killTask, reportUnknown } from './task-messages.js';

/** One message from the master. Its work goes on after the answer. */
export function handleMessage(agent: Agent, message: ToAgent): Reply {
  if (!agent.recovered) return { status: 503, body: 'the agent is still recovering its checkpoint; try again' };
  if (agent.stopping) return { status: 503, body: 'the agent is shutting down' };
  const { link } = agent;
  switch (message.type) {
    case 'AGENT_REGISTERED':
      return onRegistered(agent, message.master_id, message.agent_registered.agent_id.value, message.agent_registered.connection?.total_ping_timeout_seconds);
    case 'AGENT_REREGISTERED':
      return onReregistered(agent, message);
    case 'PING':
      return onPing(agent, message.master_id, message.ping.connected);
    default:
      break;
  }
  if (message.master_id !== link.masterId || link.state !== 'registered') {
    link.register(`a ${message.type} came from master run ${message.master_id}, this agent is registered with ${link.masterId ?? 'none'}`);
    return { status: 409, body: `this agent is not registered with master run ${message.master_id}; it is registering again` };
  }
  link.heard();
  switch (message.type) {
    case 'RUN_TASK':
      runTask(agent, message.run_task);
      break;
    case 'KILL_TASK':
      killTask(agent, message.kill_task.framework_id.value, message.kill_task.task_id.value, gracePeriodMs(message.kill_task.kill_policy));
      break;
    case 'STATUS_UPDATE_ACKNOWLEDGEMENT': {
      const ack = message.status_update_acknowledgement;
      if (ack.agent_id.value !== agent.agentId) return { status: 400, body: `the acknowledgement is for agent ${ack.agent_id.value}, this is ${agent.agentId}` };
      void acknowledge(agent, ack.framework_id.value, ack.task_id.value, ack.uuid);
      break;
    }
    case 'SHUTDOWN_FRAMEWORK':
      void shutdownFramework(agent, message.shutdown_framework.framework_id.value);
      break;
    case 'SHUTDOWN_AGENT':
      void shutdownAgent(agent, message.shutdown_agent.message);
      break;
  }
  return { status: 202 };
}

function onRegistered(agent: Agent, masterId: string, agentId: string, pingTimeoutSeconds: number | undefined): Reply {
  const { link } = agent;
  if (link.state === 'registered' && link.masterId === masterId) return { status: 202 }; // the answer to a retry
  if (link.state !== 'registering') return { status: 409, body: 'this agent did not ask to register' };
  try {
    checkPathComponent('agent id', agentId); // it names directories
  } catch (error) {
    return { status: 400, body: messageOf(error) };
  }
  if (agent.agentId !== undefined && agent.agentId !== agentId) {
    agent.logger.error({ ours: agent.agentId, theirs: agentId }, 'the master registered this agent under another id; it must re-register instead');
    return { status: 409, body: `this agent is ${agent.agentId}: it re-registers, it does not register as ${agentId}` };
  }
  if (agent.agentId === undefined) {
    agent.agentId = agentId;
    try {
      agent.meta.agent({ ...agent.agentInfo(), id: { value: agentId } });
    } catch (error) {
      agent.logger.error({ err: messageOf(error) }, 'cannot checkpoint the agent id: a restart will register as a new agent');
    }
  }
  agent.logger.info({ agent: agentId, master: masterId }, 'registered with the master');
  link.registered(masterId, pingTimeoutSeconds);
  agent.sum.resume();
  return { status: 202 };
}

function onReregistered(agent: Agent, message: Extract<ToAgent, { type: 'AGENT_REREGISTERED' }>): Reply {
  const answer = message.agent_reregistered;
  if (answer.agent_id.value !== agent.agentId) return { status: 409, body: `this agent is ${agent.agentId ?? '(none yet)'}, not ${answer.agent_id.value}` };
  if (agent.link.state === 'registered' && agent.link.masterId === message.master_id) return { status: 202 };
  agent.logger.info({ agent: agent.agentId, master: message.master_id }, 're-registered with the master');
  agent.link.registered(message.master_id, answer.connection?.total_ping_timeout_seconds);
  reconcile(agent, answer.reconciliations);
  agent.sum.resume();
  return { status: 202 };
}

function onPing(agent: Agent, masterId: string, connected: boolean): Reply {
  const { link } = agent;
  const ours = masterId === link.masterId && link.state === 'registered';
  if (ours && connected) link.heard();
  else if (ours || link.state !== 'registering') link.register(ours ? 'the master does not count this agent as connected' : `a PING from a new master run (${masterId})`);
  return {
    status: 200,
    body: { version: 1, type: 'PONG', pong: { ...(agent.agentId !== undefined && { agent_id: { value: agent.agentId } }), registered: ours && connected } },
  };
}

/** The master's list of tasks it believes are here that we did not report: the unknown ones are lost. */
function reconcile(agent: Agent, reconciliations: Reconciliation[]): void {
  for (const { framework_id: frameworkId, statuses } of reconciliations) {
    for (const status of statuses) {
      if (agent.table.get(frameworkId.value, status.task_id.value) || agent.table.isCompleted(frameworkId.value, status.task_id.value)) continue;
      void reportUnknown(agent, frameworkId.value, status.task_id.value, {
        state: 'TASK_LOST',
        source: 'SOURCE_AGENT',
        reason: 'REASON_RECONCILIATION',
        message: 'Reconciliation: task unknown to the agent',
      });
    }
  }
}
