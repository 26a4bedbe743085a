// The agent's status update manager end to end: an update is resent with
// backoff until the master acknowledges its uuid, one update per task is in
// flight, order holds, and wrong acknowledgements change nothing.
import { setTimeout as sleep } from 'node:timers/promises';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { AgentContext } from '../helpers/agent-harness.js';
import { agentFor, useAgentHarness } from '../helpers/agent-harness.js';
import { rootOnly } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<AgentContext>);
useAgentHarness(test);

async function metrics(url: string): Promise<Record<string, number>> {
  return (await (await fetch(`${url}/metrics/snapshot`)).json()) as Record<string, number>;
}

async function untilMetric(url: string, name: string, value: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if ((await metrics(url))[name] === value) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting until ${name} is ${value} (it is ${(await metrics(url))[name]})`);
}

test('unacknowledged, the update in flight is resent (same uuid) and the next one waits behind it', async (t) => {
  const { master } = t.context;
  master.acknowledge = false;
  const agent = await agentFor(t);
  await master.runTask(agent.id, master.commandTask(agent.id, 'quiet', 'true'));
  await master.until('STARTING was resent twice', () => master.received('quiet').length >= 3);
  await untilMetric(agent.url, 'slave/tasks_finished', 1);
  await master.until('a resend after the end', () => master.received('quiet').at(-1)!.latest_state === 'TASK_FINISHED');
  const received = master.received('quiet');
  t.true(received.every((u) => u.status.state === 'TASK_STARTING'), 'RUNNING and FINISHED wait until STARTING is acknowledged');
  t.is(new Set(received.map((u) => u.status.uuid)).size, 1, 'a resend is the same update');
  t.like(await metrics(agent.url), { 'slave/status_updates_pending': 3 });

  // Acknowledged one by one, the rest follow in order.
  for (const state of ['TASK_STARTING', 'TASK_RUNNING', 'TASK_FINISHED']) {
    await master.until(`${state} arrives`, () => master.received('quiet').some((u) => u.status.state === state));
    t.is((await master.ack(agent.id, master.received('quiet').find((u) => u.status.state === state)!)).status, 202);
  }
  t.deepEqual(master.states('quiet'), ['TASK_STARTING', 'TASK_RUNNING', 'TASK_FINISHED']);
  await untilMetric(agent.url, 'slave/status_updates_pending', 0);
});

test('duplicate, stale and unknown acknowledgements are ignored and counted; the stream waits for the right one', async (t) => {
  const { master } = t.context;
  master.acknowledge = false;
  const agent = await agentFor(t);
  await master.runTask(agent.id, master.commandTask(agent.id, 'acks', 'sleep 1000'));
  await master.untilState('acks', 'TASK_STARTING');
  const starting = master.received('acks')[0]!;
  await master.ack(agent.id, starting);
  await master.untilState('acks', 'TASK_RUNNING');
  const running = master.received('acks').find((u) => u.status.state === 'TASK_RUNNING')!;
  await master.ack(agent.id, starting); // a duplicate: acknowledged before
  await master.ack(agent.id, { ...running, status: { ...running.status, uuid: 'AAAAAAAAAAAAAAAAAAAAAA==' } }); // not the one in flight
  await master.ack(agent.id, { ...running, status: { ...running.status, task_id: { value: 'no-such-task' } } }); // no such stream
  await untilMetric(agent.url, 'slave/status_update_acknowledgements_ignored', 3);
  const before = master.received('acks').length;
  await master.until('RUNNING is resent: it is still not acknowledged', () => master.received('acks').length > before);
  t.is(master.received('acks').at(-1)!.status.uuid, running.status.uuid);
  t.like(await metrics(agent.url), { 'slave/status_updates_pending': 1, 'slave/tasks_running': 1 });
  await master.ack(agent.id, running);
  await untilMetric(agent.url, 'slave/status_updates_pending', 0);
});

test('updates of many tasks, each task in order, none lost, none twice', async (t) => {
  const { master } = t.context;
  const agent = await agentFor(t);
  const ids = Array.from({ length: 20 }, (_, i) => `many-${i}`);
  for (const [i, id] of ids.entries()) await master.runTask(agent.id, master.commandTask(agent.id, id, `exit ${i % 3}`));
  for (const id of ids) await master.untilTerminal(id);
  for (const [i, id] of ids.entries()) {
    t.deepEqual(master.states(id), ['TASK_STARTING', 'TASK_RUNNING', i % 3 === 0 ? 'TASK_FINISHED' : 'TASK_FAILED'], id);
  }
  await untilMetric(agent.url, 'slave/status_updates_pending', 0);
  t.like(await metrics(agent.url), { 'slave/tasks_finished': 7, 'slave/tasks_failed': 13, 'slave/tasks_running': 0 });
});
