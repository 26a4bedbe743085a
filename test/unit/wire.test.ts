import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import test from 'ava';

import { createTaskStatus, parseWith } from '../../src/mesos/index.js';
import {
  AGENT_MESSAGE_PATH,
  Outbox,
  PongSchema,
  ToAgentSchema,
  ToMasterSchema,
  receive,
  respond,
  respondAll,
  toAgent,
  toMaster,
} from '../../src/mesos/wire/index.js';

const toMasterParse = (input: unknown) => parseWith(ToMasterSchema, input, 'message to the master', 'INVALID_MESSAGE');
const toAgentParse = (input: unknown) => parseWith(ToAgentSchema, input, 'message to the agent', 'INVALID_MESSAGE');

const address = { ip: '127.0.0.1', port: 5051 };
const agentInfo = { hostname: 'h', port: 5051, resources: [{ name: 'cpus', type: 'SCALAR' as const, scalar: { value: 2 } }] };

test('every message to the master survives JSON and its schema', (t) => {
  const update = createTaskStatus({ taskId: 't', state: 'TASK_RUNNING', source: 'SOURCE_EXECUTOR', agentId: 'a' });
  const messages = [
    toMaster('REGISTER_AGENT', { agent_info: agentInfo, address, agent_version: '0.21.0' }),
    toMaster('REREGISTER_AGENT', {
      agent_info: { ...agentInfo, id: { value: 'a' } }, address, agent_version: '0.21.0',
      frameworks: [{ user: 'u', name: 'f', id: { value: 'f' }, checkpoint: true }],
      executors: [{ executor_id: { value: 't' }, framework_id: { value: 'f' }, resources: [] }],
      tasks: [{
        name: 't', task_id: { value: 't' }, framework_id: { value: 'f' }, agent_id: { value: 'a' }, state: 'TASK_RUNNING',
        resources: [], statuses: [update], status_update_state: 'TASK_RUNNING', status_update_uuid: update.uuid!,
      }],
    }),
    toMaster('STATUS_UPDATE', { update: { framework_id: { value: 'f' }, agent_id: { value: 'a' }, status: update, latest_state: 'TASK_FINISHED' } }),
    toMaster('UNREGISTER_AGENT', { agent_id: { value: 'a' } }),
  ];
  for (const message of messages) t.deepEqual(toMasterParse(JSON.parse(JSON.stringify(message))), message, message.type);
});

test('every message to the agent survives JSON and its schema', (t) => {
  const messages = [
    toAgent('AGENT_REGISTERED', 'm1', { agent_id: { value: 'a' }, connection: { total_ping_timeout_seconds: 75 } }),
    toAgent('AGENT_REREGISTERED', 'm1', {
      agent_id: { value: 'a' },
      reconciliations: [{ framework_id: { value: 'f' }, statuses: [createTaskStatus({ taskId: 'x', state: 'TASK_RUNNING', source: 'SOURCE_MASTER', reason: 'REASON_RECONCILIATION', withUuid: false })] }],
    }),
    toAgent('RUN_TASK', 'm1', { framework: { user: 'u', name: 'f', id: { value: 'f' } }, task: { name: 't', task_id: { value: 't' }, agent_id: { value: 'a' }, command: { value: 'true' } } }),
    toAgent('KILL_TASK', 'm1', { framework_id: { value: 'f' }, task_id: { value: 't' }, kill_policy: { grace_period: { nanoseconds: 1000 } } }),
    toAgent('STATUS_UPDATE_ACKNOWLEDGEMENT', 'm1', { agent_id: { value: 'a' }, framework_id: { value: 'f' }, task_id: { value: 't' }, uuid: 'AAAAAAAAAAAAAAAAAAAAAA==' }),
    toAgent('PING', 'm1', { connected: true }),
    toAgent('SHUTDOWN_AGENT', 'm1', { message: 'removed' }),
    toAgent('SHUTDOWN_FRAMEWORK', 'm1', { framework_id: { value: 'f' } }),
  ];
  for (const message of messages) t.deepEqual(toAgentParse(JSON.parse(JSON.stringify(message))), message, message.type);
  t.deepEqual(parseWith(PongSchema, { version: 1, type: 'PONG', pong: { registered: false } }, 'PONG', 'X').pong, { registered: false });
});

test('RUN_TASK checks only what the agent needs to answer for the task; the agent checks the rest', (t) => {
  const message = toAgentParse({ version: 1, type: 'RUN_TASK', master_id: 'm', run_task: { framework: { id: { value: 'f' } }, task: { task_id: { value: 't' }, command: 7 } } });
  t.deepEqual((message as { run_task: { task: unknown } }).run_task.task, { task_id: { value: 't' }, command: 7 }, 'the rest is kept for the agent to judge');
  t.throws(() => toAgentParse({ version: 1, type: 'RUN_TASK', master_id: 'm', run_task: { framework: { id: { value: 'f' } }, task: {} } }), {
    message: "invalid message to the agent: 'run_task.task.task_id' is required",
  });
});

const badMessages: Array<[string, unknown, RegExp]> = [
  ['no type', { version: 1 }, /'type' must be one of "REGISTER_AGENT", "REREGISTER_AGENT", "STATUS_UPDATE", "UNREGISTER_AGENT"/],
  ['another version', { version: 2, type: 'UNREGISTER_AGENT', unregister_agent: { agent_id: { value: 'a' } } }, /'version' must be 1 \(the protocol version this side speaks\)/],
  ['no payload', { version: 1, type: 'REGISTER_AGENT' }, /'register_agent' is required/],
  ['reregister without an id', { version: 1, type: 'REREGISTER_AGENT', reregister_agent: { agent_info: agentInfo, address, agent_version: 'x' } }, /'reregister_agent.agent_info.id' is required/],
  ['an update without uuid', {
    version: 1, type: 'STATUS_UPDATE',
    status_update: { update: { framework_id: { value: 'f' }, agent_id: { value: 'a' }, status: { task_id: { value: 't' }, state: 'TASK_RUNNING', source: 'SOURCE_AGENT' } } },
  }, /'status_update.update.status.uuid' is required: an agent update is acknowledged by its uuid/],
  ['a bad port', { version: 1, type: 'REGISTER_AGENT', register_agent: { agent_info: agentInfo, address: { ip: '127.0.0.1', port: 0 }, agent_version: 'x' } }, /'register_agent.address.port' must be positive/],
];
for (const [title, input, message] of badMessages) {
  test(`a message to the master is refused: ${title}`, (t) => {
    t.throws(() => toMasterParse(input), { message });
  });
}

test('a message to the agent without master_id is refused', (t) => {
  t.throws(() => toAgentParse({ version: 1, type: 'PING', ping: { connected: true } }), { message: /'master_id' is required/ });
});

async function server(handle: Parameters<typeof createServer>[1]) {
  const s = createServer(handle);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}${AGENT_MESSAGE_PATH}`;
  return { url, close: () => new Promise<void>((resolve) => s.close(() => resolve())) };
}

test('over HTTP: messages arrive in the order sent, malformed ones get 400 naming the field', async (t) => {
  const seen: string[] = [];
  const batches: number[] = [];
  const s = await server(async (req, res) => {
    const received = await receive(req, ToAgentSchema, 'message to the agent');
    if (!received.ok) return respond(res, received.status, received.error);
    batches.push(received.items.length);
    // Answer the first ones slowest: order must still hold.
    await new Promise((resolve) => setTimeout(resolve, seen.length < 3 ? 20 - seen.length * 5 : 0));
    respondAll(
      res,
      received.batch,
      received.items.map((item) => {
        if (!item.ok) return item.answer;
        seen.push(item.message.master_id);
        return { status: 202 };
      }),
    );
  });
  const outbox = new Outbox(s.url);
  try {
    const sent = Array.from({ length: 20 }, (_, i) => outbox.send(toAgent('PING', `m${i}`, { connected: true })));
    t.true((await Promise.all(sent)).every((r) => r.status === 202));
    t.deepEqual(seen, Array.from({ length: 20 }, (_, i) => `m${i}`));
    t.is(batches[0], 1, 'the first goes alone');
    t.true(batches.length < 20, `what queued meanwhile went in batches (${batches.join(' ')})`);
    // A batch answers each message on its own: one bad one fails alone.
    const [good, bad, alsoGood] = await Promise.all([
      outbox.post(toAgent('PING', 'g1', { connected: true })),
      outbox.post({ version: 1, type: 'PING', master_id: 'b' }),
      outbox.post(toAgent('PING', 'g2', { connected: true })),
    ]);
    t.is(good.status, 202);
    t.is(bad.status, 400);
    t.regex(bad.body, /^invalid message to the agent \[\d+\]: 'ping' is required/);
    t.is(alsoGood.status, 202);
    const malformed = await outbox.post({ version: 1, type: 'KILL_TASK', master_id: 'm', kill_task: { framework_id: { value: 'f' } } });
    t.is(malformed.status, 400);
    t.is(malformed.body, "invalid message to the agent: 'kill_task.task_id' is required\n");
    const refused = await t.throwsAsync(outbox.send({ version: 1 }));
    t.is((refused as { code?: string }).code, 'PEER_REJECTED');
    t.regex(refused!.message, /refused the message \(400\): invalid message to the agent: 'type' must be one of/);
  } finally {
    outbox.close();
    await s.close();
  }
});

test('over HTTP: wrong method 405, wrong content type 415, too large 413, not JSON 400', async (t) => {
  const s = await server(async (req, res) => {
    const received = await receive(req, ToAgentSchema, 'message to the agent', 1024);
    if (!received.ok) return respond(res, received.status, received.error);
    respond(res, 202);
  });
  try {
    t.is((await fetch(s.url)).status, 405);
    t.is((await fetch(s.url, { method: 'POST', body: '{}', headers: { 'content-type': 'text/plain' } })).status, 415);
    t.is((await fetch(s.url, { method: 'POST', body: JSON.stringify({ pad: 'x'.repeat(2000) }), headers: { 'content-type': 'application/json' } })).status, 413);
    const notJson = await fetch(s.url, { method: 'POST', body: '{oops', headers: { 'content-type': 'application/json' } });
    t.is(notJson.status, 400);
    t.regex(await notJson.text(), /^invalid message to the agent: not valid JSON/);
  } finally {
    await s.close();
  }
});

test('an unreachable peer is a PEER_UNREACHABLE error naming the address', async (t) => {
  const s = await server((_req, res) => respond(res, 202));
  const url = s.url;
  await s.close();
  const outbox = new Outbox(url, 1000);
  try {
    const error = await t.throwsAsync(outbox.send(toAgent('PING', 'm', { connected: true })));
    t.is((error as { code?: string }).code, 'PEER_UNREACHABLE');
    t.true(error!.message.includes(url));
  } finally {
    outbox.close();
  }
});

test('a message whose connection breaks fails alone: the next one goes', async (t) => {
  let requests = 0;
  const s = await server((req, res) => {
    requests += 1;
    if (requests === 1) return req.socket.destroy();
    respond(res, 202);
  });
  const outbox = new Outbox(s.url);
  try {
    const first = outbox.send(toAgent('PING', 'm', { connected: true }));
    const second = outbox.send(toAgent('PING', 'm', { connected: true }));
    t.is(((await t.throwsAsync(first)) as { code?: string }).code, 'PEER_UNREACHABLE');
    t.is((await second).status, 202);
  } finally {
    outbox.close();
    await s.close();
  }
});
