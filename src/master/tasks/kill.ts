// KILL: the agent kills the task and answers with its terminal update. A
// kill that cannot reach the agent now is sent again when it re-registers.
// A task the master does not know is answered through reconciliation.
import type { Kill } from '../../mesos/scheduler/call.js';
import { isTerminal } from '../../mesos/task-state.js';
import type { MasterContext } from '../context.js';
import type { FrameworkRecord } from '../state/framework.js';
import { taskKey } from '../state/task.js';
import { reconcile } from './reconcile-call.js';

export function kill(ctx: MasterContext, framework: FrameworkRecord, call: Kill): void {
  ctx.metrics.increment('master/messages_kill_task');
  const task = framework.tasks.get(call.task_id.value);
  if (!task) {
    reconcile(ctx, framework, [{ task_id: call.task_id, ...(call.agent_id && { agent_id: call.agent_id }) }]);
    return;
  }
  if (isTerminal(task.state)) return; // its terminal update is on its way or was sent
  const agent = ctx.agents.get(task.agentId);
  if (!agent) return;
  agent.killed.add(taskKey(task.frameworkId, task.taskId));
  if (agent.status === 'registered') {
    void agent.link.send('KILL_TASK', { framework_id: { value: framework.id }, task_id: call.task_id, ...(call.kill_policy && { kill_policy: call.kill_policy }) });
  }
}
