// ACKNOWLEDGE: the framework has an update; the agent may send the task's
// next one. An acknowledged terminal update ends the task's life here.
import type { Acknowledge } from '../../mesos/scheduler/call.js';
import { isTerminal } from '../../mesos/task-state.js';
import type { MasterContext } from '../context.js';
import type { FrameworkRecord } from '../state/framework.js';
import { removeTask } from './task-book.js';

export function acknowledge(ctx: MasterContext, framework: FrameworkRecord, call: Acknowledge): void {
  ctx.metrics.increment('master/messages_status_update_acknowledgement');
  const agent = ctx.agents.get(call.agent_id.value);
  if (agent?.status !== 'registered') {
    // The agent resends the update once it is back, and the framework acknowledges it again.
    ctx.metrics.increment('master/invalid_status_update_acknowledgements');
    ctx.log.info({ framework: framework.id, agent: call.agent_id.value, task: call.task_id.value }, 'acknowledgement dropped: the agent is not registered');
    return;
  }
  ctx.metrics.increment('master/valid_status_update_acknowledgements');
  const task = framework.tasks.get(call.task_id.value);
  if (task && task.agentId === agent.id) {
    if (task.unacknowledged?.uuid === call.uuid) task.unacknowledged = undefined;
    if (task.statusUpdateUuid === call.uuid && task.statusUpdateState && isTerminal(task.statusUpdateState)) removeTask(ctx, task);
  }
  void agent.link.send('STATUS_UPDATE_ACKNOWLEDGEMENT', { agent_id: call.agent_id, framework_id: { value: framework.id }, task_id: call.task_id, uuid: call.uuid });
}
