// The v1 scheduler endpoint: what a framework gets for each kind of wrong
// call (and that a refused call changes nothing), invalid tasks and offers,
// offers, filters, SUPPRESS/REVIVE, TEARDOWN and failover.
import { request } from 'node:http';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { ClusterContext } from '../helpers/cluster.js';
import { useCluster } from '../helpers/cluster.js';
import { eventually } from '../helpers/eventually.js';

const test = anyTest as TestFn<ClusterContext>;
useCluster(test);

/** A raw request: only the headers given (fetch would add a content-type of its own). */
function post(address: string, body: string | undefined, headers: Record<string, string> = { 'content-type': 'application/json' }, method = 'POST') {
  return new Promise<{ status: number; text: string; allow: string | undefined }>((resolve, reject) => {
    const req = request(`http://${address}/api/v1/scheduler`, { method, headers });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, text: text.trim(), allow: res.headers.allow }));
    });
    req.end(body);
  });
}

/** What a refused call must not change: frameworks, their tasks and offers, agents. */
async function books(address: string): Promise<unknown> {
  const state = (await (await fetch(`http://${address}/state`)).json()) as Record<string, unknown>;
  return { frameworks: state.frameworks, completed: state.completed_frameworks, agents: state.agents };
}

test('wrong calls get Mesos\'s status codes with a one-line message, and change nothing', async (t) => {
  const { cluster } = t.context;
  const master = await cluster.startMaster();
  const agent = await cluster.agent();
  const framework = await cluster.framework({ failover_timeout: 3600 });
  const offer = await framework.offer();
  const id = framework.id;
  const before = await books(master.address);
  const call = (extra: Record<string, unknown>) => JSON.stringify({ framework_id: { value: id }, ...extra });
  const launch = call({ type: 'ACCEPT', accept: { offer_ids: [offer.id], operations: [{ type: 'LAUNCH', launch: { task_infos: [{ task_id: { value: 'x' }, name: 'x', agent_id: { value: agent.id }, resources: [], command: { value: 'true' } }] } }] } });
  const stream = { 'content-type': 'application/json', 'mesos-stream-id': framework.client.streamId! };

  t.like(await post(master.address, undefined, {}, 'GET'), { status: 405, allow: 'POST', text: '/api/v1/scheduler takes POST, not GET' });
  t.like(await post(master.address, launch, {}), { status: 400, text: "expecting a 'Content-Type' header (application/json)" });
  t.like(await post(master.address, launch, { 'content-type': 'application/x-protobuf' }), { status: 415, text: "expecting 'Content-Type' application/json, got 'application/x-protobuf' (this master speaks JSON, not protobuf)" });
  t.like(await post(master.address, '{"type": "ACCEPT",'), { status: 400 });
  t.regex((await post(master.address, '{"type": "ACCEPT",')).text, /^invalid scheduler call: not valid JSON \(.+\)$/);
  t.like(await post(master.address, JSON.stringify({ type: 'ACCEPT', accept: {} }), stream), { status: 400, text: "invalid scheduler call: 'framework_id' is required" });
  t.like(await post(master.address, call({ type: 'ACCEPT', accept: { offer_ids: [{ value: 7 }] } }), stream), { status: 400, text: "invalid scheduler call: 'accept.offer_ids[0].value' must be a string" });
  t.like(await post(master.address, call({ type: 'DANCE' }), stream), { status: 400 });
  t.like(await post(master.address, JSON.stringify({ framework_id: { value: 'nobody' }, type: 'REVIVE' }), stream), { status: 404, text: 'framework nobody is not known to this master: SUBSCRIBE first' });
  t.like(await post(master.address, launch), { status: 403, text: "every call but SUBSCRIBE must carry the 'Mesos-Stream-Id' header of the framework's subscription" });
  t.like(await post(master.address, launch, { ...stream, 'mesos-stream-id': 'not-it' }), { status: 403, text: `the Mesos-Stream-Id 'not-it' is not that of framework ${id}'s subscription` });
  const subscribe = JSON.stringify({ type: 'SUBSCRIBE', framework_id: { value: id }, subscribe: { framework_info: { user: 'root', name: 'x', id: { value: id } } } });
  t.like(await post(master.address, subscribe, { 'content-type': 'application/json', accept: 'application/x-protobuf' }), { status: 406, text: "expecting 'Accept' to allow application/json, got 'application/x-protobuf'" });
  t.like(await post(master.address, subscribe, stream), { status: 400, text: "a SUBSCRIBE call must not carry a 'Mesos-Stream-Id' header (the master makes one)" });
  t.like(await post(master.address, subscribe), { status: 409, text: `framework ${id} is already subscribed on another connection; subscribe with "force": true to replace it` });
  t.like(await post(master.address, 'x'.repeat(17 * 1024 * 1024)), { status: 413 });

  t.deepEqual(await books(master.address), before, 'no refused call changed anything');
  await framework.launch(offer, [{ task_id: { value: 'still-valid' } }]);
  t.like(await framework.update((s) => s.task_id.value === 'still-valid'), { state: 'TASK_RUNNING' }, 'the offer was still good');

  // Not subscribed any more (within its failover timeout): 403.
  const streamId = framework.client.streamId!;
  framework.close();
  await eventually(async () => (await master.state()).frameworks[0]?.connected === false, 'the master to see the stream end');
  t.like(await post(master.address, call({ type: 'REVIVE' }), { ...stream, 'mesos-stream-id': streamId }), { status: 403, text: `framework ${id} is not subscribed: SUBSCRIBE first` });
});

test('invalid tasks get TASK_ERROR with REASON_TASK_INVALID and a message; the valid ones of the same ACCEPT run', async (t) => {
  const { cluster } = t.context;
  const master = await cluster.startMaster();
  const agent = await cluster.agent({ resources: 'cpus:1;mem:256;ports:[31000-31001]' });
  const framework = await cluster.framework();
  const offer = await framework.offer();
  const ok = { resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 0.1 } }], command: { value: 'true' } };
  await framework.client.launch([offer.id.value], [
    { task_id: { value: 'good' }, name: 'good', agent_id: offer.agent_id, ...ok },
    { task_id: { value: 'good' }, name: 'dup', agent_id: offer.agent_id, ...ok },
    { task_id: { value: 'greedy' }, name: 'greedy', agent_id: offer.agent_id, resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 2 } }], command: { value: 'true' } },
    { task_id: { value: 'no-command' }, name: 'no-command', agent_id: offer.agent_id, resources: ok.resources },
    { task_id: { value: 'elsewhere' }, name: 'elsewhere', agent_id: { value: 'other-agent' }, ...ok },
    { task_id: { value: 'malformed' }, name: 'malformed', agent_id: offer.agent_id, resources: [{ name: 'cpus', type: 'SCALAR' }], command: { value: 'true' } },
    { task_id: { value: 'port' }, name: 'port', agent_id: offer.agent_id, resources: [{ name: 'ports', type: 'RANGES', ranges: { range: [{ begin: 32000, end: 32000 }] } }, ...ok.resources], command: { value: 'true' } },
  ] as never);
  const error = async (taskId: string) => framework.update((s) => s.task_id.value === taskId && s.state === 'TASK_ERROR');
  const expected: Record<string, string> = {
    good: 'Task has duplicate ID: good',
    greedy: 'Task greedy attempted to use cpus:2 which is greater than offered cpus:0.9;mem:256;ports:[31000-31001]',
    'no-command': 'Task should have at least one (but not both) of CommandInfo or ExecutorInfo present',
    elsewhere: `Task uses agent 'other-agent' but its offers are for agent '${agent.id}'`,
    malformed: "invalid TaskInfo: 'resources[0].scalar' is required for a SCALAR resource",
    port: 'Task port attempted to use ports:[32000-32000];cpus:0.1 which is greater than offered cpus:0.9;mem:256;ports:[31000-31001]',
  };
  for (const [taskId, message] of Object.entries(expected)) {
    const status = await error(taskId);
    t.like(status, { state: 'TASK_ERROR', source: 'SOURCE_MASTER', reason: 'REASON_TASK_INVALID', message }, taskId);
    t.false('uuid' in status, 'the master\'s own updates are not acknowledged');
  }
  t.truthy(await framework.update((s) => s.task_id.value === 'good' && s.state === 'TASK_RUNNING'), 'the first task of that id runs');
  const metrics = await master.metrics();
  t.is(metrics['master/tasks_error'], 6);
  t.is(metrics['master/task_error/source_master/reason_task_invalid'], 6);
  t.is(metrics['master/tasks_running'], 1);
  const completed = (await master.state()).frameworks[0]!.completed_tasks;
  t.like(completed.find((c) => c.id === 'no-command'), { state: 'TASK_ERROR', source: 'SOURCE_MASTER', reason: 'REASON_TASK_INVALID', message: expected['no-command'] });
});

test('a used or unknown offer: TASK_LOST with REASON_INVALID_OFFERS', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  await cluster.agent();
  const framework = await cluster.framework();
  const offer = await framework.offer();
  await framework.launch(offer, [{ task_id: { value: 'first' } }]);
  await framework.launch(offer, [{ task_id: { value: 'second' } }]);
  t.like(await framework.update((s) => s.task_id.value === 'second'), {
    state: 'TASK_LOST', source: 'SOURCE_MASTER', reason: 'REASON_INVALID_OFFERS', message: `Task launched with invalid offers: Offer ${offer.id.value} is no longer valid`,
  });
  await framework.client.launch([], [{ name: 'third', task_id: { value: 'third' }, agent_id: offer.agent_id, command: { value: 'true' } }]);
  t.like(await framework.update((s) => s.task_id.value === 'third'), { state: 'TASK_LOST', reason: 'REASON_INVALID_OFFERS', message: 'Task launched with invalid offers: No offers specified' });
  t.like(await framework.update((s) => s.task_id.value === 'first'), { state: 'TASK_RUNNING' });
});

test('offers: port ranges as ranges, used ones left out; a decline filter holds until REVIVE; SUPPRESS stops offers', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  await cluster.agent({ resources: 'cpus:2;mem:512;ports:[31000-31009]' });
  const framework = await cluster.framework();
  const offer = await framework.offer();
  t.deepEqual(offer.resources.find((r) => r.name === 'ports')?.ranges, { range: [{ begin: 31000, end: 31009 }] });
  await framework.launch(offer, [{ task_id: { value: 'web' }, resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 1 } }, { name: 'ports', type: 'RANGES', ranges: { range: [{ begin: 31003, end: 31004 }] } }] }]);
  const next = await framework.offer();
  t.deepEqual(next.resources.find((r) => r.name === 'ports')?.ranges, { range: [{ begin: 31000, end: 31002 }, { begin: 31005, end: 31009 }] });
  t.is(next.resources.find((r) => r.name === 'cpus')?.scalar?.value, 1);

  await framework.client.decline([next.id.value], { refuse_seconds: 3600 });
  const offersBefore = framework.offers.length;
  await new Promise((r) => setTimeout(r, 400)); // eight allocation rounds
  t.is(framework.offers.length, offersBefore, 'declined resources are not offered again while the filter holds');
  await framework.client.revive();
  const revived = await framework.offer();
  t.is(revived.resources.find((r) => r.name === 'cpus')?.scalar?.value, 1, 'REVIVE drops the filter');

  await framework.client.suppress();
  await framework.client.decline([revived.id.value], { refuse_seconds: 0 });
  const suppressedFrom = framework.offers.length;
  await new Promise((r) => setTimeout(r, 400));
  t.is(framework.offers.length, suppressedFrom, 'no offers while suppressed');
  await framework.client.revive();
  await framework.offer();
});

test('TEARDOWN: the tasks are killed on their agent, the framework is removed for good', async (t) => {
  const { cluster } = t.context;
  const master = await cluster.startMaster();
  const agent = await cluster.agent();
  const framework = await cluster.framework();
  const offer = await framework.offer();
  await framework.launch(offer, [{ task_id: { value: 'a' } }, { task_id: { value: 'b' } }]);
  await framework.update((s) => s.task_id.value === 'b' && s.state === 'TASK_RUNNING');
  const id = framework.id;
  await framework.client.teardown();
  const shutdown = await agent.waitFor('SHUTDOWN_FRAMEWORK');
  t.is(shutdown.shutdown_framework.framework_id.value, id);
  const state = await master.state();
  t.deepEqual(state.frameworks, []);
  const removed = state.completed_frameworks.find((f) => f.id === id)!;
  t.deepEqual(removed.completed_tasks.map((task) => [task.id, task.state, task.source, task.reason, task.message]).sort(), [
    ['a', 'TASK_KILLED', 'SOURCE_MASTER', 'REASON_FRAMEWORK_REMOVED', `Framework ${id} removed`],
    ['b', 'TASK_KILLED', 'SOURCE_MASTER', 'REASON_FRAMEWORK_REMOVED', `Framework ${id} removed`],
  ]);
  t.like((await master.state()).agents[0], { used_resources: {} });
  // Coming back under the removed id: an ERROR event, and the client gives up.
  const ghost = await cluster.framework().catch((e: Error) => e);
  t.false(ghost instanceof Error);
  const again = await cluster.framework({ id: { value: id } }).catch((e: Error) => e);
  t.true(again instanceof Error);
  t.regex((again as Error).message, new RegExp(`the master says: Framework ${id} has been removed`));
});

test('a framework that re-subscribes within its failover timeout keeps its tasks and gets its unacknowledged updates at once; after it, it is removed', async (t) => {
  const { cluster } = t.context;
  const master = await cluster.startMaster();
  const agent = await cluster.agent();
  const framework = await cluster.framework({ failover_timeout: 3600 }, { reconnect: false });
  const offer = await framework.offer();
  await framework.launch(offer, [{ task_id: { value: 'long' } }]);
  await framework.update((s) => s.state === 'TASK_RUNNING'); // not acknowledged
  const id = framework.id;
  framework.close();
  await eventually(async () => (await master.state()).frameworks[0]?.connected === false, 'the master to see the stream end');

  const back = await cluster.framework({ id: { value: id }, failover_timeout: 0.5 });
  t.is(back.id, id);
  const resent = await back.update((s) => s.task_id.value === 'long');
  t.like(resent, { state: 'TASK_RUNNING', source: 'SOURCE_EXECUTOR' }, 'the update it had not acknowledged, with its uuid');
  t.truthy(resent.uuid);
  t.like((await master.state()).frameworks[0], { id, connected: true });

  back.close(); // failover_timeout is now 0.5 s
  const shutdown = await agent.waitFor('SHUTDOWN_FRAMEWORK', undefined, 20_000);
  t.is(shutdown.shutdown_framework.framework_id.value, id);
  const state = await master.state();
  t.deepEqual(state.frameworks, []);
  t.like(state.completed_frameworks[0]!.completed_tasks[0], { id: 'long', state: 'TASK_KILLED', reason: 'REASON_FRAMEWORK_REMOVED' });
});

test('/health, and /metrics/snapshot with Mesos\'s names', async (t) => {
  const { cluster } = t.context;
  const master = await cluster.startMaster();
  await cluster.agent();
  const framework = await cluster.framework();
  await framework.launch(await framework.offer(), [{ task_id: { value: 'm' } }]);
  await framework.update((s) => s.state === 'TASK_RUNNING');
  t.is((await fetch(master.url('/health'))).status, 200);
  t.is((await fetch(master.url('/master/health'))).status, 200, 'also under /master/, as Mesos serves it');
  t.is((await fetch(master.url('/health'), { method: 'POST' })).status, 405);
  t.is((await fetch(master.url('/nowhere'))).status, 404);
  const metrics = await master.metrics();
  t.like(metrics, {
    'master/elected': 1,
    'master/slaves_active': 1,
    'master/frameworks_connected': 1,
    'master/tasks_running': 1,
    'master/tasks_staging': 0,
    'master/tasks_error': 0,
    'master/tasks_lost': 0,
    'master/cpus_total': 4,
    'master/cpus_used': 0.1,
    'master/slave_registrations': 1,
  });
});

test('HEARTBEAT events every --heartbeat_interval; a client that hears nothing for five of them re-subscribes with its id', async (t) => {
  const { cluster } = t.context;
  const master = await cluster.startMaster(['--heartbeat_interval=100ms']);
  const framework = await cluster.framework({ failover_timeout: 3600 });
  t.like(framework.events[0], { type: 'SUBSCRIBED', subscribed: { heartbeat_interval_seconds: 0.1 } });
  await framework.client.next((e) => e.type === 'HEARTBEAT', 5_000);
  await framework.client.next((e) => e.type === 'HEARTBEAT', 5_000);
  const id = framework.id;
  const disconnected = new Promise<Error>((resolve) => framework.client.once('disconnected', resolve));
  master.child.kill('SIGSTOP'); // a partition: the connection stays up, nothing comes
  try {
    t.regex((await disconnected).message, /^no event for 0\.5 s \(five heartbeats\)$/);
  } finally {
    master.child.kill('SIGCONT');
  }
  const again = await framework.client.next((e) => e.type === 'SUBSCRIBED', 30_000);
  t.is(again.type === 'SUBSCRIBED' && again.subscribed.framework_id.value, id);
});
