// A framework goes away for good (TEARDOWN, or its failover timeout passed):
// its tasks are killed on their agents and marked TASK_KILLED with
// REASON_FRAMEWORK_REMOVED (no update is sent: there is no one to receive it),
// its offers return, and it may never subscribe again under its id.
import type { MasterContext } from '../context.js';
import { dropFrameworkOffers } from '../offers.js';
import type { FrameworkRecord } from '../state/framework.js';
import { endTaskByMaster } from '../tasks/master-updates.js';

export function removeFramework(ctx: MasterContext, framework: FrameworkRecord, why: string): void {
  if (ctx.frameworks.get(framework.id) !== framework) return;
  ctx.log.info({ framework: framework.id, name: framework.info.name }, `removing framework: ${why}`);
  clearTimeout(framework.failoverTimer);
  framework.failoverTimer = undefined;
  dropFrameworkOffers(ctx, framework.id);
  const agentIds = new Set<string>();
  for (const task of [...framework.tasks.values()]) {
    agentIds.add(task.agentId);
    endTaskByMaster(ctx, task, 'TASK_KILLED', 'REASON_FRAMEWORK_REMOVED', `Framework ${framework.id} removed`, false);
  }
  for (const agentId of agentIds) {
    const agent = ctx.agents.get(agentId);
    // An agent in transition hears of it when it re-registers and reports the framework.
    if (agent?.status === 'registered') void agent.link.send('SHUTDOWN_FRAMEWORK', { framework_id: { value: framework.id } });
  }
  ctx.allocator.removeFramework(framework.id);
  ctx.frameworks.delete(framework.id);
  framework.unregisteredTime ??= Date.now() / 1000;
  ctx.completedFrameworks.push(framework);
  framework.subscription?.close();
  framework.subscription = undefined;
  ctx.metrics.increment('master/framework_removals');
}
