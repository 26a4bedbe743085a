// ACCEPT with LAUNCH operations (Mesos's Master::accept): the offers are used
// up whatever happens; each valid task is sent to its agent, each invalid one
// answered with TASK_ERROR, and what the tasks leave of the offers goes back
// to the allocator with the call's filter.
import { addResources, normalizeResources, subtractResources } from '../../mesos/resources/arithmetic.js';
import type { Accept } from '../../mesos/scheduler/call.js';
import { refuseSeconds } from '../../mesos/scheduler/filters.js';
import type { MasterContext } from '../context.js';
import { takeBackOffer } from '../offers.js';
import type { FrameworkRecord } from '../state/framework.js';
import type { TaskRecord } from '../state/task.js';
import { newTask, taskKey } from '../state/task.js';
import { refuseTask } from './master-updates.js';
import { addTask } from './task-book.js';
import { validateOffers } from './validate-offers.js';
import { validateTask } from './validate-task.js';

const nameOf = (raw: Record<string, unknown>): string => (typeof raw.name === 'string' ? raw.name : '');

export function accept(ctx: MasterContext, framework: FrameworkRecord, call: Accept): void {
  ctx.metrics.increment('master/messages_accept');
  const tasks = call.operations.flatMap((operation) => operation.launch.task_infos);
  const check = validateOffers(ctx, framework.id, call.offer_ids.map((id) => id.value));
  if (!check.ok) {
    for (const id of call.offer_ids) if (ctx.offers.get(id.value)?.frameworkId === framework.id) takeBackOffer(ctx, id.value, { rescind: false });
    for (const raw of tasks) {
      refuseTask(ctx, framework.id, raw.task_id.value, nameOf(raw), 'TASK_LOST', 'REASON_INVALID_OFFERS', `Task launched with invalid offers: ${check.error}`);
    }
    return;
  }

  let remaining = normalizeResources(check.offers.flatMap((offer) => offer.resources));
  for (const offer of check.offers) ctx.offers.remove(offer.id); // used: their resources stay the framework's
  const agent = ctx.agents.get(check.agentId)!;
  const launched = new Set<string>();
  for (const raw of tasks) {
    const verdict = validateTask(raw, {
      agentId: agent.id,
      remaining,
      isDuplicate: (id) => launched.has(id) || framework.tasks.has(id),
    });
    if (!verdict.ok) {
      refuseTask(ctx, framework.id, raw.task_id.value, nameOf(raw), 'TASK_ERROR', 'REASON_TASK_INVALID', verdict.message, agent.id);
      continue;
    }
    const info = verdict.task;
    const resources = normalizeResources(info.resources);
    remaining = subtractResources(remaining, resources);
    launched.add(info.task_id.value);
    const task = newTask({ taskId: info.task_id.value, frameworkId: framework.id, agentId: agent.id, executorId: undefined, name: info.name, resources, info });
    addTask(ctx, task);
    ctx.metrics.increment('master/tasks_launched');
    void runTask(ctx, framework, task);
  }
  if (remaining.length > 0) ctx.allocator.recoverResources(framework.id, agent.id, addResources([], remaining), refuseSeconds(call.filters));
}

async function runTask(ctx: MasterContext, framework: FrameworkRecord, task: TaskRecord): Promise<void> {
  const agent = ctx.agents.get(task.agentId);
  if (!agent) return;
  const delivered = await agent.link.send('RUN_TASK', { framework: { ...framework.info, id: { value: framework.id } }, task: task.info! });
  if (delivered) {
    task.pending = false;
    return;
  }
  // Whether the agent has the task is unknown now: its next PING asks it to
  // re-register, and the master reconciles the task through it.
  const current = ctx.agents.get(task.agentId);
  if (current?.tasks.get(taskKey(task.frameworkId, task.taskId)) === task) current.resync = true;
}
