// Mesos's ten reconciliation tests (reference §2.5) and UnknownKillTask, with
// a real master process and the in-test agent. (The same cases against real
// agents and containers are in agent-master-reconciliation.test.ts.)
import anyTest from 'ava';
import type { ExecutionContext, TestFn } from 'ava';

import type { TaskState } from '../../src/mesos/task-state.js';
import type { TaskStatus } from '../../src/mesos/task-status.js';
import type { Cluster, ClusterContext } from '../helpers/cluster.js';
import { useCluster } from '../helpers/cluster.js';
import type { TestFramework } from '../helpers/framework.js';

const test = anyTest as TestFn<ClusterContext>;
useCluster(test);

/** The master's reconciliation answer: no uuid, source master, reason reconciliation. */
function assertReconciliation(t: ExecutionContext, status: TaskStatus, state: TaskState, message: string, agentId?: string): void {
  t.is(status.state, state);
  t.is(status.source, 'SOURCE_MASTER');
  t.is(status.reason, 'REASON_RECONCILIATION');
  t.is(status.message, message);
  t.is(status.agent_id?.value, agentId);
  t.false('uuid' in status, 'a reconciliation answer is not to be acknowledged');
}

/** A task that reached TASK_RUNNING, acknowledged. */
async function runningTask(framework: TestFramework, taskId = 'task-1'): Promise<TaskStatus> {
  const offer = await framework.offer();
  await framework.launch(offer, [{ task_id: { value: taskId } }]);
  const running = await framework.update((s) => s.task_id.value === taskId && s.state === 'TASK_RUNNING');
  await framework.client.acknowledge(running);
  return running;
}

/** A master, an agent and a framework whose task-1 runs (its TASK_RUNNING acknowledged). */
async function withRunningTask(cluster: Cluster): Promise<{ agent: Awaited<ReturnType<Cluster['agent']>>; framework: TestFramework }> {
  await cluster.startMaster();
  const agent = await cluster.agent();
  const framework = await cluster.framework();
  await runningTask(framework);
  return { agent, framework };
}

const reconcileAnswer = (framework: TestFramework, taskId: string, since: number) =>
  framework.update((s) => s.task_id.value === taskId && s.reason === 'REASON_RECONCILIATION', 20_000, since);

test('TaskStateMismatch: the master answers with the state it knows, whatever state the framework sends', async (t) => {
  const { cluster } = t.context;
  const { agent, framework } = await withRunningTask(cluster);
  const since = framework.updates.length;
  // The v1 Reconcile.Task has no state; a framework sending one (as 0.21's driver did) is ignored.
  await framework.client.call({ type: 'RECONCILE', reconcile: { tasks: [{ task_id: { value: 'task-1' }, agent_id: { value: agent.id }, state: 'TASK_KILLED' }] } });
  assertReconciliation(t, await reconcileAnswer(framework, 'task-1', since), 'TASK_RUNNING', 'Reconciliation: Latest task state', agent.id);
});

test('TaskStateMatch: the master always answers, exactly once', async (t) => {
  const { cluster } = t.context;
  const { agent, framework } = await withRunningTask(cluster);
  const since = framework.updates.length;
  await framework.client.reconcile([{ taskId: 'task-1', agentId: agent.id! }]);
  await cluster.barrier(framework);
  const answers = framework.updates.slice(since).filter((s) => s.task_id.value === 'task-1');
  t.is(answers.length, 1);
  assertReconciliation(t, answers[0]!, 'TASK_RUNNING', 'Reconciliation: Latest task state', agent.id);
});

test('UnknownSlave: a task on an agent the master never knew is TASK_LOST', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  const framework = await cluster.framework();
  await framework.client.reconcile([{ taskId: 'random-task', agentId: 'random-agent' }]);
  assertReconciliation(t, await reconcileAnswer(framework, 'random-task', 0), 'TASK_LOST', 'Reconciliation: Task is unknown', 'random-agent');
});

test('UnknownTask: a task unknown on a registered agent is TASK_LOST, unknown to the agent', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  const agent = await cluster.agent();
  const framework = await cluster.framework();
  await framework.client.reconcile([{ taskId: 'random-task', agentId: agent.id! }]);
  assertReconciliation(t, await reconcileAnswer(framework, 'random-task', 0), 'TASK_LOST', 'Reconciliation: Task is unknown to the agent', agent.id);
});

test('SlaveInTransition: no answer for a task on an agent that has not re-registered since the master restarted', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster(['--agent_reregister_timeout=10mins']);
  const agent = await cluster.agent();
  const other = await cluster.agent({ hostname: 'other' });
  agent.holdReregistration = true; // Mesos drops _reregisterSlave; here the agent holds back
  const master = await cluster.restartMaster();
  await other.reregister();
  const framework = await cluster.framework();

  const state = await master.state();
  t.like(state.agents.find((a) => a.id === agent.id), { status: 'recovered', in_transition: true });
  t.like(state.agents.find((a) => a.id === other.id), { status: 'registered', in_transition: false });

  await framework.client.reconcile([{ taskId: 'random-task', agentId: agent.id! }, { taskId: 'random-task-2', agentId: other.id! }]);
  await cluster.barrier(framework);
  t.deepEqual(framework.updatesOf('random-task'), [], 'nothing is said about a task its agent may still report');
  assertReconciliation(t, framework.updatesOf('random-task-2')[0]!, 'TASK_LOST', 'Reconciliation: Task is unknown to the agent', other.id);

  agent.holdReregistration = false;
  await agent.reregister();
  await framework.client.reconcile([{ taskId: 'random-task', agentId: agent.id! }]);
  assertReconciliation(t, await reconcileAnswer(framework, 'random-task', 0), 'TASK_LOST', 'Reconciliation: Task is unknown to the agent', agent.id);
});

test('ImplicitNonTerminalTask: an implicit reconciliation reports a running task', async (t) => {
  const { cluster } = t.context;
  const { agent, framework } = await withRunningTask(cluster);
  const since = framework.updates.length;
  await framework.client.reconcile([]);
  assertReconciliation(t, await reconcileAnswer(framework, 'task-1', since), 'TASK_RUNNING', 'Reconciliation: Latest task state', agent.id);
});

test('ImplicitTerminalTask: a finished, acknowledged task is not reported', async (t) => {
  const { cluster } = t.context;
  const { agent, framework } = await withRunningTask(cluster);
  agent.update('task-1', 'TASK_FINISHED');
  await framework.client.acknowledge(await framework.update((s) => s.state === 'TASK_FINISHED'));
  await agent.waitUntil(() => (agent.tasks.has('task-1') ? undefined : true), 20_000, 'the acknowledgement at the agent');
  const since = framework.updates.length;
  await framework.client.reconcile([]);
  await cluster.barrier(framework);
  t.deepEqual(framework.updates.slice(since).filter((s) => s.task_id.value === 'task-1'), []);
});

test('PendingTask: a task the agent has not taken yet is TASK_STAGING, implicitly and explicitly, with its agent', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  const agent = await cluster.agent();
  agent.holdRunTask = true;
  const framework = await cluster.framework();
  const offer = await framework.offer();
  await framework.launch(offer, [{ task_id: { value: 'task-1' } }]);
  await agent.waitUntil(() => (agent.received.some((m) => m.type === 'RUN_TASK') ? true : undefined), 20_000, 'RUN_TASK');

  await framework.client.reconcile([]);
  assertReconciliation(t, await reconcileAnswer(framework, 'task-1', 0), 'TASK_STAGING', 'Reconciliation: Latest task state', agent.id);
  const since = framework.updates.length;
  await framework.client.reconcile([{ taskId: 'task-1' }]);
  assertReconciliation(t, await reconcileAnswer(framework, 'task-1', since), 'TASK_STAGING', 'Reconciliation: Latest task state', agent.id);
  t.like((await cluster.master.state()).frameworks[0]!.tasks[0], { id: 'task-1', state: 'TASK_STAGING' });
  agent.releaseRunTasks();
  await framework.update((s) => s.state === 'TASK_RUNNING');
});

test('UnacknowledgedTerminalTask: a finished task whose update is not acknowledged is still reported', async (t) => {
  const { cluster } = t.context;
  const { agent, framework } = await withRunningTask(cluster);
  agent.update('task-1', 'TASK_FINISHED');
  await framework.update((s) => s.state === 'TASK_FINISHED'); // not acknowledged
  const since = framework.updates.length;
  await framework.client.reconcile([]);
  assertReconciliation(t, await reconcileAnswer(framework, 'task-1', since), 'TASK_FINISHED', 'Reconciliation: Latest task state', agent.id);
});

test('ReconcileStatusUpdateTaskState: after a master restart, the state reported is the one in flight, not the latest', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  const agent = await cluster.agent();
  const framework = await cluster.framework({ failover_timeout: 3600 });
  agent.holdUpdates = true; // RUNNING never reaches the master; FINISHED queues behind it
  agent.onRunTask = (task, a) => {
    a.update(task.taskId, 'TASK_RUNNING');
    a.update(task.taskId, 'TASK_FINISHED');
  };
  const offer = await framework.offer();
  await framework.launch(offer, [{ task_id: { value: 'task-1' } }]);
  await agent.waitUntil(() => (agent.tasks.get('task-1')?.state === 'TASK_FINISHED' ? true : undefined), 20_000, 'the task to finish');

  await cluster.restartMaster();
  await framework.client.next((e) => e.type === 'SUBSCRIBED', 20_000); // the client re-subscribes by itself
  await agent.reregister(); // its updates stay held: the master learns only what the report says
  const since = framework.updates.length;
  await framework.client.reconcile([]);
  assertReconciliation(t, await reconcileAnswer(framework, 'task-1', since), 'TASK_RUNNING', 'Reconciliation: Latest task state', agent.id);

  agent.holdUpdates = false;
  agent.flush();
  const running = await framework.update((s) => s.state === 'TASK_RUNNING' && s.source === 'SOURCE_EXECUTOR');
  await framework.client.acknowledge(running);
  const finished = await framework.update((s) => s.state === 'TASK_FINISHED');
  t.is(finished.source, 'SOURCE_EXECUTOR', 'then the updates arrive, in order');
});

test('UnknownKillTask: killing a task the master does not know answers TASK_LOST through reconciliation', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  await cluster.agent();
  const framework = await cluster.framework();
  await framework.client.kill('random-task');
  assertReconciliation(t, await reconcileAnswer(framework, 'random-task', 0), 'TASK_LOST', 'Reconciliation: Task is unknown');
});
