// GET /state: what the master knows, in the shape of Mesos's /master/state
// with v1's spelling (agents, agent_id): every agent with its status (in
// transition included), every framework with its tasks, each task with its
// latest state, source, reason and message and its status history. The web
// UI reads it.
import { isTerminal } from '../../mesos/task-state.js';
import type { MasterContext } from '../context.js';
import { offerJson } from '../offers.js';
import type { AgentRecord } from '../state/agent.js';
import { isInTransition } from '../state/agent.js';
import type { FrameworkRecord } from '../state/framework.js';
import { isConnected } from '../state/framework.js';
import type { TaskRecord } from '../state/task.js';
import { latestStatus } from '../state/task.js';
import { VERSION } from '../../version.js';
import { resourcesJson } from './resources-json.js';

export function taskJson(task: TaskRecord): Record<string, unknown> {
  const latest = latestStatus(task);
  return {
    id: task.taskId,
    name: task.name,
    framework_id: task.frameworkId,
    ...(task.executorId && { executor_id: task.executorId }),
    agent_id: task.agentId,
    state: task.pending ? 'TASK_STAGING' : task.state,
    ...(task.statusUpdateState && { status_update_state: task.statusUpdateState }),
    pending: task.pending,
    ...(latest?.source && { source: latest.source }),
    ...(latest?.reason && { reason: latest.reason }),
    ...(latest?.message && { message: latest.message }),
    resources: resourcesJson(task.resources),
    ...(task.info?.command && { command: task.info.command }),
    ...(task.info?.labels && { labels: task.info.labels }),
    statuses: task.statuses,
  };
}

function agentJson(ctx: MasterContext, agent: AgentRecord): Record<string, unknown> {
  const live = [...agent.tasks.values()].filter((t) => !isTerminal(t.state));
  return {
    id: agent.id,
    hostname: agent.info.hostname,
    address: `${agent.address.ip}:${agent.address.port}`,
    status: agent.status,
    in_transition: isInTransition(agent),
    active: agent.status === 'registered',
    version: agent.version,
    registered_time: agent.registeredTime,
    reregistered_time: agent.reregisteredTime,
    missed_pings: agent.missedPings,
    resources: resourcesJson(agent.total),
    used_resources: resourcesJson(live.flatMap((t) => t.resources)),
    offered_resources: resourcesJson(ctx.offers.ofAgent(agent.id).flatMap((o) => o.resources)),
    ...(agent.info.attributes && { attributes: agent.info.attributes }),
    tasks: agent.tasks.size,
  };
}

function frameworkJson(ctx: MasterContext, framework: FrameworkRecord): Record<string, unknown> {
  const live = [...framework.tasks.values()];
  return {
    id: framework.id,
    name: framework.info.name,
    user: framework.info.user,
    role: framework.info.role ?? '*',
    ...(framework.info.principal && { principal: framework.info.principal }),
    ...(framework.info.hostname && { hostname: framework.info.hostname }),
    ...(framework.info.webui_url && { webui_url: framework.info.webui_url }),
    failover_timeout: framework.info.failover_timeout ?? 0,
    checkpoint: framework.info.checkpoint ?? false,
    connected: isConnected(framework),
    active: isConnected(framework) && !framework.suppressed,
    suppressed: framework.suppressed,
    recovered: framework.recovered,
    registered_time: framework.registeredTime,
    reregistered_time: framework.reregisteredTime,
    unregistered_time: framework.unregisteredTime,
    used_resources: resourcesJson(live.filter((t) => !isTerminal(t.state)).flatMap((t) => t.resources)),
    offered_resources: resourcesJson(ctx.offers.ofFramework(framework.id).flatMap((o) => o.resources)),
    tasks: live.map(taskJson),
    completed_tasks: framework.completedTasks.values().map(taskJson),
    offers: ctx.offers.ofFramework(framework.id).map((o) => offerJson(ctx, o)),
  };
}

export function stateJson(ctx: MasterContext, address: string): Record<string, unknown> {
  const agents = [...ctx.agents.values()];
  return {
    version: VERSION,
    id: ctx.ids.masterId,
    hostname: ctx.options.hostname,
    address,
    start_time: ctx.startTime / 1000,
    flags: ctx.options.flags ?? {},
    activated_agents: agents.filter((a) => a.status === 'registered').length,
    agents_in_transition: agents.filter(isInTransition).length,
    agents: agents.map((a) => agentJson(ctx, a)),
    frameworks: [...ctx.frameworks.values()].map((f) => frameworkJson(ctx, f)),
    completed_frameworks: ctx.completedFrameworks.values().map((f) => frameworkJson(ctx, f)),
  };
}
