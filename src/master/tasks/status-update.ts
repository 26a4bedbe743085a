// STATUS_UPDATE from an agent (Mesos's Master::statusUpdate): recorded on the
// task (latest state, status-update state, history), forwarded to the
// framework unchanged, uuid included; the framework's ACKNOWLEDGE goes back
// to the agent. The agent resends until then, so a framework that is away
// gets the update later (and at once when it re-subscribes).
import { events } from '../../mesos/scheduler/event.js';
import type { StatusUpdate } from '../../mesos/wire/status-update.js';
import type { MasterContext } from '../context.js';
import type { AgentRecord } from '../state/agent.js';
import { isConnected } from '../state/framework.js';
import { applyStatusUpdate, taskKey } from '../state/task.js';
import { recoverTaskResources } from './task-book.js';

export type UpdateVerdict = 'forwarded' | 'framework-removed' | 'framework-unknown';

export function statusUpdate(ctx: MasterContext, agent: AgentRecord, update: StatusUpdate): UpdateVerdict {
  ctx.metrics.increment('master/messages_status_update');
  const frameworkId = update.framework_id.value;
  const framework = ctx.frameworks.get(frameworkId);
  if (!framework) {
    ctx.metrics.increment('master/invalid_status_updates');
    const removed = ctx.completedFrameworks.find((f) => f.id === frameworkId) !== undefined;
    ctx.log.info({ framework: frameworkId, agent: agent.id, task: update.status.task_id.value }, `status update dropped: the framework is ${removed ? 'removed' : 'unknown'}`);
    return removed ? 'framework-removed' : 'framework-unknown';
  }
  ctx.metrics.increment('master/valid_status_updates');
  const status = update.status;
  const task = framework.tasks.get(status.task_id.value);
  if (task && task.agentId === agent.id) {
    const { previous, terminated } = applyStatusUpdate(task, status, update.latest_state);
    ctx.metrics.taskChanged(previous, task.state, status.source, status.reason);
    if (terminated) {
      agent.killed.delete(taskKey(task.frameworkId, task.taskId));
      recoverTaskResources(ctx, task);
    }
    task.unacknowledged = status;
  }
  if (isConnected(framework)) framework.subscription!.send(events.update(status));
  return 'forwarded';
}
