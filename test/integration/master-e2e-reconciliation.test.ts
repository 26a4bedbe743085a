// Mesos's ten reconciliation tests (reference §2.5) and UnknownKillTask
// against real processes: a mesos-master, real mesos-agents running real
// containers, and a framework on the v1 API.
import anyTest from 'ava';
import type { ExecutionContext, TestFn } from 'ava';

import type { TaskStatus } from '../../src/mesos/task-status.js';
import type { TestFramework } from '../helpers/framework.js';
import type { EndToEndContext } from '../helpers/real-agent.js';
import { agentFor, useEndToEnd } from '../helpers/real-agent.js';

const test = useEndToEnd(anyTest as TestFn<EndToEndContext>);

function assertReconciliation(t: ExecutionContext, status: TaskStatus, state: string, message: string, agentId?: string): void {
  t.like(status, { state, source: 'SOURCE_MASTER', reason: 'REASON_RECONCILIATION', message });
  t.is(status.agent_id?.value, agentId);
  t.false('uuid' in status, 'a reconciliation answer is not acknowledged');
}

const answer = (framework: TestFramework, taskId: string, since: number) =>
  framework.update((s) => s.task_id.value === taskId && s.reason === 'REASON_RECONCILIATION', 30_000, since);

/** A task running `command`, its updates up to TASK_RUNNING acknowledged. */
async function running(framework: TestFramework, taskId: string, command = 'sleep 1000'): Promise<void> {
  await framework.launch(await framework.offer(), [{ task_id: { value: taskId }, command: { value: command } }]);
  await framework.acknowledgeUntil(taskId, 'TASK_RUNNING');
}

test('TaskStateMismatch and TaskStateMatch: the master answers each explicit request once, with the state it knows', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  const agent = await agentFor(t);
  const framework = await cluster.framework();
  await running(framework, 'task-1');
  for (const claimed of ['TASK_KILLED', 'TASK_RUNNING']) {
    const since = framework.updates.length;
    await framework.client.call({ type: 'RECONCILE', reconcile: { tasks: [{ task_id: { value: 'task-1' }, agent_id: { value: agent.id }, state: claimed }] } });
    await cluster.barrier(framework);
    // (The agent may resend an update meanwhile: delivery is at least once. Only the master's answers count here.)
    const answers = framework.updates.slice(since).filter((s) => s.task_id.value === 'task-1' && s.reason === 'REASON_RECONCILIATION');
    t.is(answers.length, 1, claimed);
    assertReconciliation(t, answers[0]!, 'TASK_RUNNING', 'Reconciliation: Latest task state', agent.id);
  }
});

test('UnknownSlave and UnknownTask: TASK_LOST, unknown or unknown to the agent', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  const agent = await agentFor(t);
  const framework = await cluster.framework();
  await framework.client.reconcile([{ taskId: 'random-1', agentId: 'random-agent' }, { taskId: 'random-2', agentId: agent.id }]);
  assertReconciliation(t, await answer(framework, 'random-1', 0), 'TASK_LOST', 'Reconciliation: Task is unknown', 'random-agent');
  assertReconciliation(t, await answer(framework, 'random-2', 0), 'TASK_LOST', 'Reconciliation: Task is unknown to the agent', agent.id);
});

test('SlaveInTransition: after a master restart, nothing is said about a task on an agent that has not re-registered', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  const agent = await agentFor(t);
  const framework = await cluster.framework({ checkpoint: true, failover_timeout: 3600 });
  await running(framework, 'task-1');
  agent.signal('SIGSTOP'); // its re-registration is held back
  try {
    const master = await cluster.restartMaster();
    await framework.client.next((e) => e.type === 'SUBSCRIBED', 30_000);
    t.like((await master.state()).agents[0], { id: agent.id, status: 'recovered', in_transition: true });
    const since = framework.updates.length;
    await framework.client.reconcile([{ taskId: 'random-task', agentId: agent.id }, { taskId: 'task-1', agentId: agent.id }]);
    await cluster.barrier(framework);
    t.deepEqual(framework.updates.slice(since).filter((s) => !s.task_id.value.startsWith('barrier')), []);
  } finally {
    agent.signal('SIGCONT');
  }
  await agent.registeredWith(cluster.master);
  const since = framework.updates.length;
  await framework.client.reconcile([{ taskId: 'task-1', agentId: agent.id }]);
  assertReconciliation(t, await answer(framework, 'task-1', since), 'TASK_RUNNING', 'Reconciliation: Latest task state', agent.id);
});

test('ImplicitNonTerminalTask and ImplicitTerminalTask: a running task is reported, a finished and acknowledged one is not', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  const agent = await agentFor(t);
  const framework = await cluster.framework();
  await running(framework, 'sleeper');
  await framework.launch(await framework.offer(), [{ task_id: { value: 'done' }, command: { value: 'true' } }]);
  await framework.acknowledgeUntil('done', 'TASK_FINISHED');
  await cluster.barrier(framework);
  const since = framework.updates.length;
  await framework.client.reconcile([]);
  assertReconciliation(t, await answer(framework, 'sleeper', since), 'TASK_RUNNING', 'Reconciliation: Latest task state', agent.id);
  await cluster.barrier(framework);
  t.deepEqual(framework.updates.slice(since).filter((s) => s.task_id.value === 'done'), []);
});

test('PendingTask: a task whose agent has not taken it yet is TASK_STAGING, implicitly and explicitly', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  const agent = await agentFor(t);
  const framework = await cluster.framework();
  const offer = await framework.offer();
  agent.signal('SIGSTOP'); // RUN_TASK reaches its socket, and waits there
  try {
    await framework.launch(offer, [{ task_id: { value: 'task-1' }, command: { value: 'sleep 1000' } }]);
    await framework.client.reconcile([]);
    assertReconciliation(t, await answer(framework, 'task-1', 0), 'TASK_STAGING', 'Reconciliation: Latest task state', agent.id);
    const since = framework.updates.length;
    await framework.client.reconcile([{ taskId: 'task-1' }]);
    assertReconciliation(t, await answer(framework, 'task-1', since), 'TASK_STAGING', 'Reconciliation: Latest task state', agent.id);
  } finally {
    agent.signal('SIGCONT');
  }
  t.like(await framework.acknowledgeUntil('task-1', 'TASK_RUNNING'), { source: 'SOURCE_EXECUTOR' }, 'then it runs');
});

test('UnacknowledgedTerminalTask: a finished task whose update is not acknowledged is still reported', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  const agent = await agentFor(t);
  const framework = await cluster.framework();
  await framework.launch(await framework.offer(), [{ task_id: { value: 'task-1' }, command: { value: 'true' } }]);
  await framework.acknowledgeUntil('task-1', 'TASK_FINISHED', 30_000, false); // the last, TASK_FINISHED, not acknowledged
  const since = framework.updates.length;
  await framework.client.reconcile([]);
  assertReconciliation(t, await answer(framework, 'task-1', since), 'TASK_FINISHED', 'Reconciliation: Latest task state', agent.id);
});

test('ReconcileStatusUpdateTaskState: after a master restart, the state of the update in flight is reported, not the latest', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  const agent = await agentFor(t);
  const framework = await cluster.framework({ checkpoint: true, failover_timeout: 3600 });
  await framework.launch(await framework.offer(), [{ task_id: { value: 'task-1' }, command: { value: 'true' } }]);
  // TASK_RUNNING is not acknowledged: the agent keeps it in flight and TASK_FINISHED waits behind it.
  await framework.acknowledgeUntil('task-1', 'TASK_RUNNING', 30_000, false);
  await cluster.restartMaster();
  await framework.client.next((e) => e.type === 'SUBSCRIBED', 30_000);
  await agent.registeredWith(cluster.master);
  const since = framework.updates.length;
  await framework.client.reconcile([]);
  assertReconciliation(t, await answer(framework, 'task-1', since), 'TASK_RUNNING', 'Reconciliation: Latest task state', agent.id);
  const state = await cluster.master.state();
  t.like(state.frameworks[0]!.tasks[0], { id: 'task-1', state: 'TASK_FINISHED', status_update_state: 'TASK_RUNNING' }, 'the agent told the master it finished');
  // Acknowledging what is in flight lets the rest through, in order.
  await framework.client.acknowledge(await framework.update((s) => s.state === 'TASK_RUNNING' && s.source === 'SOURCE_EXECUTOR', 30_000, since));
  t.like(await framework.update((s) => s.state === 'TASK_FINISHED', 30_000, since), { source: 'SOURCE_EXECUTOR', message: 'Command exited with status 0' });
});

test('UnknownKillTask: KILL of a task the master does not know is answered TASK_LOST by reconciliation', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  await agentFor(t);
  const framework = await cluster.framework();
  await framework.client.kill('random-task');
  assertReconciliation(t, await answer(framework, 'random-task', 0), 'TASK_LOST', 'Reconciliation: Task is unknown');
});
