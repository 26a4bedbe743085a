// Agents as the master sees them: health checks and removal, master restarts
// (agents in transition, the registry), re-registration with reconciliation
// through the agent, kills resent, and messages it refuses.
import { readFileSync } from 'node:fs';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { ClusterContext } from '../helpers/cluster.js';
import { useCluster } from '../helpers/cluster.js';
import { eventually } from '../helpers/eventually.js';

const test = anyTest as TestFn<ClusterContext>;
useCluster(test);

const FAST_HEALTH = ['--agent_ping_timeout=150ms', '--max_agent_ping_timeouts=3'];

test('an agent killed for good: after the missed PINGs its tasks are TASK_LOST, REASON_AGENT_REMOVED, once its removal is on disk', async (t) => {
  const { cluster } = t.context;
  const master = await cluster.startMaster(FAST_HEALTH);
  const agent = await cluster.agent({ hostname: 'doomed' });
  const framework = await cluster.framework();
  await framework.launch(await framework.offer(), [{ task_id: { value: 'a' } }, { task_id: { value: 'b' } }]);
  await framework.update((s) => s.task_id.value === 'b' && s.state === 'TASK_RUNNING');
  await agent.stop();

  const lost = await framework.update((s) => s.task_id.value === 'a' && s.state === 'TASK_LOST');
  const registry = JSON.parse(readFileSync(master.registryFile, 'utf8'));
  t.deepEqual(registry.removed, [agent.id], 'the removal was durable before any task was called lost');
  t.like(lost, { source: 'SOURCE_MASTER', reason: 'REASON_AGENT_REMOVED', agent_id: { value: agent.id } });
  t.is(lost.message, "Agent doomed removed: it did not answer 3 PINGs in a row (every 0.15 s)");
  t.false('uuid' in lost);
  t.like(await framework.update((s) => s.task_id.value === 'b' && s.state === 'TASK_LOST'), { reason: 'REASON_AGENT_REMOVED' });
  t.truthy(framework.events.find((e) => e.type === 'FAILURE' && e.failure.agent_id?.value === agent.id), 'FAILURE names the agent');
  const state = await master.state();
  t.deepEqual(state.agents, []);
  const metrics = await master.metrics();
  t.like(metrics, { 'master/slave_removals': 1, 'master/slave_removals/reason_unhealthy': 1, 'master/tasks_lost': 2, 'master/task_lost/source_master/reason_agent_removed': 2, 'master/tasks_running': 0 });

  // Explicit reconciliation now says lost too: the agent is gone, not in transition.
  await framework.client.reconcile([{ taskId: 'a', agentId: agent.id! }]);
  t.like(await framework.update((s) => s.task_id.value === 'a' && s.reason === 'REASON_RECONCILIATION'), { state: 'TASK_LOST', message: 'Reconciliation: Task is unknown' });
});

test('an agent the master removed is told to shut down when it comes back, even after a master restart', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster(FAST_HEALTH);
  const agent = await cluster.agent();
  agent.silent = true; // alive, but its PINGs time out
  await eventually(async () => (await cluster.master.state()).agents.length === 0, 'the removal');
  t.is((await agent.waitFor('SHUTDOWN_AGENT', undefined, 20_000, 0)).shutdown_agent.message.startsWith('Agent fake-agent removed'), true, 'told at removal, in case it is alive');
  agent.silent = false;
  const answer = await agent.reregister();
  t.is(answer.type, 'SHUTDOWN_AGENT');
  await cluster.restartMaster();
  agent.retarget(cluster.master.address);
  t.is((await agent.reregister()).type, 'SHUTDOWN_AGENT', 'the registry remembers removed agents');
  t.deepEqual((await cluster.master.state()).agents, []);
});

test('master restart during running tasks: none is reported lost while its agent can re-register; then reconciliation says RUNNING', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster(['--agent_reregister_timeout=5secs']);
  const agent = await cluster.agent();
  const gone = await cluster.agent({ hostname: 'gone' });
  const framework = await cluster.framework({ failover_timeout: 3600 });
  const offers = [await framework.offer(), await framework.offer()];
  const mine = offers.find((o) => o.agent_id.value === agent.id)!;
  await framework.launch(mine, [{ task_id: { value: 'r1' } }, { task_id: { value: 'r2' } }]);
  for (const id of ['r1', 'r2']) await framework.client.acknowledge(await framework.update((s) => s.task_id.value === id && s.state === 'TASK_RUNNING'));
  await gone.stop();
  agent.holdReregistration = true;

  const master = await cluster.restartMaster();
  await framework.client.next((e) => e.type === 'SUBSCRIBED', 20_000);
  const since = framework.updates.length;
  await framework.client.reconcile([{ taskId: 'r1', agentId: agent.id! }, { taskId: 'r2', agentId: agent.id! }]);
  await cluster.barrier(framework);
  t.deepEqual(framework.updates.slice(since).filter((s) => !s.task_id.value.startsWith('barrier')), [], 'no answer while the agent is in transition');

  agent.holdReregistration = false;
  await agent.reregister();
  await framework.client.reconcile([{ taskId: 'r1', agentId: agent.id! }, { taskId: 'r2', agentId: agent.id! }]);
  for (const id of ['r1', 'r2']) {
    t.like(await framework.update((s) => s.task_id.value === id && s.reason === 'REASON_RECONCILIATION', 20_000, since), { state: 'TASK_RUNNING', source: 'SOURCE_MASTER' });
  }
  // The agent that never comes back is removed at the re-register timeout.
  await eventually(async () => (await master.state()).agents.every((a) => a.id !== gone.id), 'the re-register timeout to remove the dead agent');
  t.deepEqual(framework.updates.filter((s) => s.state === 'TASK_LOST' && !s.task_id.value.startsWith('barrier')), [], 'no running task was ever reported lost');
  t.like(await master.metrics(), { 'master/recovery_slave_removals': 1, 'master/slave_reregistrations': 1, 'master/tasks_running': 2 });
  const state = await master.state();
  t.deepEqual(state.frameworks[0]!.tasks.map((task) => [task.id, task.state]).sort(), [['r1', 'TASK_RUNNING'], ['r2', 'TASK_RUNNING']]);
  t.deepEqual(state.agents.map((a) => [a.id, a.status]), [[agent.id, 'registered']]);
});

test('a re-registering agent that does not report a task is asked about it, and its TASK_LOST reaches the framework', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  const agent = await cluster.agent();
  const framework = await cluster.framework();
  await framework.launch(await framework.offer(), [{ task_id: { value: 'kept' } }, { task_id: { value: 'forgotten' } }]);
  for (const id of ['kept', 'forgotten']) await framework.client.acknowledge(await framework.update((s) => s.task_id.value === id && s.state === 'TASK_RUNNING'));
  agent.tasks.delete('forgotten'); // the agent lost it (e.g. its checkpoint)
  const answer = await agent.reregister();
  t.is(answer.type, 'AGENT_REREGISTERED');
  const reconciliations = answer.type === 'AGENT_REREGISTERED' ? answer.agent_reregistered.reconciliations : [];
  t.deepEqual(reconciliations.map((r) => r.statuses.map((s) => [s.task_id.value, s.state, s.source, s.reason, s.message])), [[['forgotten', 'TASK_RUNNING', 'SOURCE_MASTER', 'REASON_RECONCILIATION', 'Reconciliation request']]]);
  t.like(await framework.update((s) => s.task_id.value === 'forgotten' && s.state === 'TASK_LOST'), { source: 'SOURCE_AGENT', reason: 'REASON_RECONCILIATION' });
});

test('a kill that cannot reach its agent (in transition) is sent when the agent re-registers', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  const agent = await cluster.agent();
  const framework = await cluster.framework();
  await framework.launch(await framework.offer(), [{ task_id: { value: 'victim' } }]);
  await framework.client.acknowledge(await framework.update((s) => s.state === 'TASK_RUNNING'));
  agent.holdReregistration = true;
  await cluster.restartMaster();
  await framework.client.next((e) => e.type === 'SUBSCRIBED', 20_000);
  // The master does not know the task yet (its agent has not re-registered): the kill is answered by reconciliation, which says nothing.
  await framework.client.kill('victim', agent.id);
  await cluster.barrier(framework);
  t.deepEqual(framework.updatesOf('victim').slice(1), []);

  agent.holdReregistration = false;
  await agent.reregister();
  // Known now, and the agent is registered: a kill goes straight to it. One that cannot (agent gone again) waits for its return.
  agent.holdReregistration = true;
  await cluster.restartMaster();
  await framework.client.next((e) => e.type === 'SUBSCRIBED', 20_000);
  agent.holdReregistration = false;
  agent.onKillTask = () => undefined; // the kill is lost on the way
  await agent.reregister();
  await framework.client.kill('victim', agent.id);
  await agent.waitFor('KILL_TASK', undefined, 20_000, 0);
  const since = agent.received.length;
  agent.onKillTask = (task, a) => a.update(task.taskId, 'TASK_KILLED');
  await agent.reregister();
  const resent = await agent.waitFor('KILL_TASK', undefined, 20_000, since);
  t.is(resent.kill_task.task_id.value, 'victim', 'no terminal update came back: the kill is sent again after the re-registration');
  t.like(await framework.update((s) => s.state === 'TASK_KILLED'), { source: 'SOURCE_EXECUTOR' });
});

test('a registration repeated from one address gets the same id; UNREGISTER_AGENT removes the agent and its tasks are lost', async (t) => {
  const { cluster } = t.context;
  const master = await cluster.startMaster();
  const agent = await cluster.agent();
  const first = agent.id!;
  t.is(await agent.register(), first);
  const framework = await cluster.framework();
  await framework.launch(await framework.offer(), [{ task_id: { value: 'u' } }]);
  await framework.update((s) => s.state === 'TASK_RUNNING');
  t.is(await agent.unregister(), 202);
  t.like(await framework.update((s) => s.state === 'TASK_LOST'), { reason: 'REASON_AGENT_REMOVED', source: 'SOURCE_MASTER' });
  t.like(await master.metrics(), { 'master/slave_removals/reason_unregistered': 1 });
});

test('messages from agents: malformed ones get 400 naming the field, updates from an unregistered agent 409', async (t) => {
  const { cluster } = t.context;
  const master = await cluster.startMaster();
  const post = async (body: unknown) => {
    const res = await fetch(master.url('/internal/v1/master'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return [res.status, (await res.text()).trim()];
  };
  t.deepEqual(await post({ version: 1, type: 'REGISTER_AGENT', register_agent: { agent_info: { hostname: '' }, address: { ip: '127.0.0.1', port: 1 }, agent_version: 'x' } }), [
    400,
    "invalid message to the master: 'register_agent.agent_info.hostname' must not be empty",
  ]);
  t.deepEqual(await post({ version: 2, type: 'UNREGISTER_AGENT', unregister_agent: { agent_id: { value: 'a' } } }), [400, "invalid message to the master: 'version' must be 1 (the protocol version this side speaks)"]);
  const update = { framework_id: { value: 'f' }, agent_id: { value: 'ghost' }, status: { task_id: { value: 't' }, state: 'TASK_RUNNING', source: 'SOURCE_EXECUTOR', uuid: 'AAAAAAAAAAAAAAAAAAAAAA==' } };
  const [status, text] = await post({ version: 1, type: 'STATUS_UPDATE', status_update: { update } });
  t.is(status, 409);
  t.is(text, `agent ghost is not registered with this master (${master.masterId}): re-register first`);
  t.deepEqual((await master.state()).agents, []);
});

test('tasks of a removed framework that an agent still reports are not taken back: the agent is told to shut the framework down', async (t) => {
  const { cluster } = t.context;
  const master = await cluster.startMaster();
  const agent = await cluster.agent();
  const framework = await cluster.framework();
  await framework.launch(await framework.offer(), [{ task_id: { value: 'orphan' } }]);
  await framework.client.acknowledge(await framework.update((s) => s.state === 'TASK_RUNNING'));
  const id = framework.id;
  agent.ignoreShutdownFramework = true; // the master's SHUTDOWN_FRAMEWORK is lost
  await framework.client.teardown();
  await agent.waitFor('SHUTDOWN_FRAMEWORK', undefined, 20_000, 0);
  const since = agent.received.length;
  agent.ignoreShutdownFramework = false;
  await agent.reregister();
  t.is((await agent.waitFor('SHUTDOWN_FRAMEWORK', undefined, 20_000, since)).shutdown_framework.framework_id.value, id);
  const state = await master.state();
  t.deepEqual(state.frameworks, []);
  t.is(state.agents[0]!.tasks, 0, 'the task was not taken back');
  t.like(state.completed_frameworks[0]!.completed_tasks[0], { id: 'orphan', state: 'TASK_KILLED', reason: 'REASON_FRAMEWORK_REMOVED' });
});

test('a RUN_TASK the agent did not take: the next PING asks the agent to re-register, and the task is reconciled through it', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster(['--agent_ping_timeout=200ms']);
  const agent = await cluster.agent();
  agent.failRunTask = true;
  const framework = await cluster.framework();
  await framework.launch(await framework.offer(), [{ task_id: { value: 'vanished' } }]);
  const lost = await framework.update((s) => s.task_id.value === 'vanished', 20_000);
  t.like(lost, { state: 'TASK_LOST', source: 'SOURCE_AGENT', reason: 'REASON_RECONCILIATION' });
  t.true(agent.received.some((m) => m.type === 'PING' && !m.ping.connected), 'the master asked it to re-register');
  t.true(agent.received.some((m) => m.type === 'AGENT_REREGISTERED'));
});
