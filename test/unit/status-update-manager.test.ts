// The status update manager's rules, with a recording forwarder and real
// update logs in a temporary directory: Mesos's StatusUpdateManagerTest
// cases, plus replay from the log.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import test from 'ava';

import { readUpdateLog } from '../../src/agent/checkpoint/update-log.js';
import { StatusUpdateManager } from '../../src/agent/status-updates/manager.js';
import { createLogger } from '../../src/log/logger.js';
import type { TaskState } from '../../src/mesos/task-state.js';
import { createTaskStatus } from '../../src/mesos/task-status.js';
import type { StatusUpdate } from '../../src/mesos/wire/status-update.js';

function update(taskId: string, state: TaskState): StatusUpdate {
  return {
    framework_id: { value: 'f' },
    agent_id: { value: 'a' },
    status: createTaskStatus({ taskId, state, source: 'SOURCE_EXECUTOR', agentId: 'a' }),
  };
}

function manager() {
  const sent: StatusUpdate[] = [];
  const sum = new StatusUpdateManager({ retryMinMs: 10_000, retryMaxMs: 600_000, forward: (u) => sent.push(u), logger: createLogger('silent') });
  sum.resume();
  return { sum, sent };
}

const dir = mkdtempSync(join(tmpdir(), 'mct-sum-test-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const logPath = () => join(dir, `task-${n++}`, 'task.updates');

test('CheckpointStatusUpdate: the log holds the update, then its acknowledgement', async (t) => {
  const { sum } = manager();
  const path = logPath();
  const running = update('t', 'TASK_RUNNING');
  await sum.update(running, path);
  t.deepEqual((await readUpdateLog(path)).records, [{ type: 'UPDATE', update: running }], 'written before update() resolves');
  t.like(await sum.acknowledge('f', 't', running.status.uuid!), { outcome: 'ok', terminated: false });
  t.deepEqual((await readUpdateLog(path)).records, [{ type: 'UPDATE', update: running }, { type: 'ACK', uuid: running.status.uuid! }]);
  await sum.close();
});

test('one update in flight per task: the next goes only after the first is acknowledged, in order', async (t) => {
  const { sum, sent } = manager();
  const [a, b, c] = [update('t', 'TASK_STARTING'), update('t', 'TASK_RUNNING'), update('t', 'TASK_FINISHED')];
  await sum.update(a);
  await sum.update(b);
  await sum.update(c);
  t.deepEqual(sent, [a]);
  await sum.acknowledge('f', 't', a.status.uuid!);
  t.deepEqual(sent, [a, b]);
  await sum.acknowledge('f', 't', b.status.uuid!);
  t.deepEqual(sent, [a, b, c]);
  t.like(await sum.acknowledge('f', 't', c.status.uuid!), { outcome: 'ok', terminated: true });
  t.false(sum.has('f', 't'), 'acknowledging the terminal update ends the stream');
  t.is(sum.pendingCount, 0);
});

test('other tasks are not held back by one that is not acknowledged', async (t) => {
  const { sum, sent } = manager();
  await sum.update(update('t1', 'TASK_RUNNING'));
  await sum.update(update('t2', 'TASK_RUNNING'));
  t.deepEqual(sent.map((u) => u.status.task_id.value), ['t1', 't2']);
  await sum.close();
});

test('RetryStatusUpdate: an unacknowledged update is resent, same uuid, at doubling intervals up to the maximum', async (t) => {
  // A manual clock: each timer is recorded, and fired by the test.
  const timers: Array<{ fn: () => void; ms: number }> = [];
  const sent: StatusUpdate[] = [];
  const sum = new StatusUpdateManager({
    retryMinMs: 10_000,
    retryMaxMs: 600_000,
    forward: (u) => sent.push(u),
    logger: createLogger('silent'),
    timers: { setTimeout: (fn, ms) => (timers.push({ fn, ms }), timers.length as unknown as NodeJS.Timeout), clearTimeout: () => undefined },
  });
  sum.resume();
  const running = update('t', 'TASK_RUNNING');
  await sum.update(running);
  for (let i = 0; i < 8; i++) timers[timers.length - 1]!.fn();
  t.deepEqual(timers.map((x) => x.ms / 1000), [10, 20, 40, 80, 160, 320, 600, 600, 600]);
  t.is(sent.length, 9);
  t.true(sent.every((u) => u.status.uuid === running.status.uuid));
  await sum.acknowledge('f', 't', running.status.uuid!);
  await sum.update(update('t', 'TASK_FINISHED'));
  t.is(timers[timers.length - 1]!.ms, 10_000, 'the next update starts again at the minimum');
});

test('paused (not registered), nothing is sent; resume sends the front of every stream again', async (t) => {
  const { sum, sent } = manager();
  sum.pause();
  await sum.update(update('t', 'TASK_RUNNING'));
  t.deepEqual(sent, []);
  sum.resume();
  t.is(sent.length, 1);
  sum.resume();
  t.is(sent.length, 2, 'resume resends what is in flight');
  await sum.close();
});

test('DuplicateUpdateBeforeAck: the same update (same uuid) twice is dropped', async (t) => {
  const { sum, sent } = manager();
  const running = update('t', 'TASK_RUNNING');
  await sum.update(running);
  await sum.update(running);
  t.is(sum.unacknowledged('f', 't').length, 1);
  t.is(sent.length, 1);
  await sum.close();
});

test('IgnoreDuplicateStatusUpdateAck and IgnoreUnexpectedStatusUpdateAck: wrong acks change nothing', async (t) => {
  const { sum, sent } = manager();
  const [running, finished] = [update('t', 'TASK_RUNNING'), update('t', 'TASK_FINISHED')];
  await sum.update(running);
  await sum.update(finished);
  t.like(await sum.acknowledge('f', 't', finished.status.uuid!), { outcome: 'unexpected' }, 'not the one in flight');
  t.like(await sum.acknowledge('f', 't', 'AAAAAAAAAAAAAAAAAAAAAA=='), { outcome: 'unexpected' });
  t.like(await sum.acknowledge('f', 't', running.status.uuid!), { outcome: 'ok' });
  t.like(await sum.acknowledge('f', 't', running.status.uuid!), { outcome: 'duplicate' }, 'a stale acknowledgement');
  t.like(await sum.acknowledge('f', 'unknown', running.status.uuid!), { outcome: 'no-stream' });
  t.deepEqual(sum.unacknowledged('f', 't'), [finished], 'FINISHED is still waiting for its own acknowledgement');
  t.deepEqual(sent, [running, finished]);
  await sum.close();
});

test('DuplicateTerminalUpdateBeforeAck: an update queued behind an acknowledged terminal one is dropped', async (t) => {
  const { sum, sent } = manager();
  const [finished, killed] = [update('t', 'TASK_FINISHED'), update('t', 'TASK_KILLED')];
  await sum.update(finished);
  await sum.update(killed);
  t.like(await sum.acknowledge('f', 't', finished.status.uuid!), { outcome: 'ok', terminated: true });
  t.deepEqual(sent, [finished]);
  t.false(sum.has('f', 't'));
});

test('DuplicateTerminalUpdateAfterAck: an update after the stream ended starts a new one and is sent', async (t) => {
  const { sum, sent } = manager();
  const [finished, killed] = [update('t', 'TASK_FINISHED'), update('t', 'TASK_KILLED')];
  await sum.update(finished);
  await sum.acknowledge('f', 't', finished.status.uuid!);
  await sum.update(killed);
  t.deepEqual(sent, [finished, killed]);
  await sum.close();
});

test('replay: a recovered stream holds what was not acknowledged, and ends if its terminal update was', async (t) => {
  const path = logPath();
  const first = manager();
  const [starting, running, finished] = [update('t', 'TASK_STARTING'), update('t', 'TASK_RUNNING'), update('t', 'TASK_FINISHED')];
  await first.sum.update(starting, path);
  await first.sum.update(running, path);
  await first.sum.acknowledge('f', 't', starting.status.uuid!);
  await first.sum.close();

  const second = manager();
  second.sum.pause();
  t.true(second.sum.recover('f', 't', path, (await readUpdateLog(path)).records));
  t.deepEqual(second.sum.unacknowledged('f', 't'), [running]);
  await second.sum.update(finished, path);
  second.sum.resume();
  t.deepEqual(second.sent, [running], 'the oldest unacknowledged update goes first');
  await second.sum.acknowledge('f', 't', running.status.uuid!);
  await second.sum.acknowledge('f', 't', finished.status.uuid!);

  const third = manager();
  t.false(third.sum.recover('f', 't', path, (await readUpdateLog(path)).records), 'the stream is over');
  t.is(readFileSync(path, 'utf8').trim().split('\n').length, 6);
});

test('a torn last record is cut off the log; a bad record before it is an error naming the file and line', async (t) => {
  const { appendFileSync, writeFileSync, mkdirSync } = await import('node:fs');
  const path = logPath();
  mkdirSync(join(path, '..'), { recursive: true });
  const running = update('t', 'TASK_RUNNING');
  writeFileSync(path, `${JSON.stringify({ type: 'UPDATE', update: running })}\n`);
  appendFileSync(path, '{"type":"ACK","uu');
  const read = await readUpdateLog(path);
  t.deepEqual(read.records, [{ type: 'UPDATE', update: running }]);
  t.is(read.tornBytes, '{"type":"ACK","uu'.length);
  t.is(readFileSync(path, 'utf8'), `${JSON.stringify({ type: 'UPDATE', update: running })}\n`, 'the file is cut back to its last whole record');

  appendFileSync(path, 'garbage\n');
  appendFileSync(path, `${JSON.stringify({ type: 'ACK', uuid: running.status.uuid })}\n`);
  const error = await t.throwsAsync(readUpdateLog(path));
  t.is((error as { code?: string }).code, 'CHECKPOINT_UNREADABLE');
  t.true(error!.message.startsWith(`${path}, line 2: `), error!.message);
});
