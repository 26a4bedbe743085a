// RECONCILE (and KILL of a task the master does not know, as Mesos 0.22
// does): the answers go to the framework as UPDATE events, in one write.
import type { ReconcileTask } from '../../mesos/scheduler/call.js';
import { events } from '../../mesos/scheduler/event.js';
import type { MasterContext } from '../context.js';
import { isInTransition } from '../state/agent.js';
import type { FrameworkRecord } from '../state/framework.js';
import { isConnected } from '../state/framework.js';
import type { AgentStanding, ReconcileView } from './reconcile.js';
import { reconcileTasks } from './reconcile.js';

export function reconcileView(ctx: MasterContext, framework: FrameworkRecord): ReconcileView {
  let anyInTransition: boolean | undefined;
  return {
    tasks: framework.tasks,
    agent(agentId): AgentStanding {
      const agent = ctx.agents.get(agentId);
      if (!agent) return 'unknown';
      return isInTransition(agent) ? 'in-transition' : 'registered';
    },
    anyAgentInTransition: () => (anyInTransition ??= [...ctx.agents.values()].some(isInTransition)),
  };
}

export function reconcile(ctx: MasterContext, framework: FrameworkRecord, requests: readonly ReconcileTask[]): void {
  ctx.metrics.increment('master/messages_reconcile_tasks');
  const answers = reconcileTasks(requests, reconcileView(ctx, framework));
  ctx.log.debug({ framework: framework.id, asked: requests.length, answers: answers.length }, 'reconciliation');
  if (isConnected(framework)) framework.subscription!.sendAll(answers.map(events.update));
}
