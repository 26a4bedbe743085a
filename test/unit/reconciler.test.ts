// The framework's reconciliation algorithm (docs/reconciliation.md) against a
// stand-in for the client.
import { EventEmitter } from 'node:events';

import test from 'ava';

import { createTaskStatus } from '../../src/mesos/task-status.js';
import type { SchedulerClient } from '../../src/scheduler/client.js';
import { TaskReconciler } from '../../src/scheduler/reconciler.js';

class StandIn extends EventEmitter {
  readonly asked: string[][] = [];
  /** Which tasks the "master" answers on each round. */
  constructor(private readonly answers: (round: number, tasks: string[]) => string[]) {
    super();
  }

  async reconcile(tasks: Array<{ taskId: string }>): Promise<void> {
    const ids = tasks.map((t) => t.taskId);
    this.asked.push(ids);
    const round = this.asked.length;
    setImmediate(() => {
      for (const id of this.answers(round, ids)) this.emit('update', { status: createTaskStatus({ taskId: id, state: 'TASK_RUNNING', source: 'SOURCE_MASTER', withUuid: false }) });
    });
  }
}

const targets = ['a', 'b', 'c'].map((taskId) => ({ taskId }));

test('it asks again, with backoff, only about the tasks that have not answered since it started', async (t) => {
  const client = new StandIn((round, ids) => (round === 1 ? ids.filter((id) => id !== 'c') : round === 3 ? ids : []));
  const result = await new TaskReconciler(client as unknown as SchedulerClient).reconcile(targets, { initialMs: 10, maxMs: 40 });
  t.deepEqual(client.asked, [['a', 'b', 'c'], ['c'], ['c']]);
  t.is(result.rounds, 3);
  t.deepEqual([...result.statuses.keys()].sort(), ['a', 'b', 'c']);
  t.deepEqual(result.unanswered, []);
});

test('an update that arrived before the start does not count', async (t) => {
  const client = new StandIn((round, ids) => (round === 2 ? ids : []));
  const reconciler = new TaskReconciler(client as unknown as SchedulerClient);
  client.emit('update', { status: createTaskStatus({ taskId: 'a', state: 'TASK_RUNNING', source: 'SOURCE_EXECUTOR' }) });
  const result = await reconciler.reconcile([{ taskId: 'a' }], { initialMs: 5, maxMs: 5 });
  t.is(result.rounds, 2, 'the old update did not end the first round');
});

test('with a timeout, what never answers is returned as unanswered (a task on an agent in transition)', async (t) => {
  const client = new StandIn((_round, ids) => ids.filter((id) => id !== 'b'));
  const result = await new TaskReconciler(client as unknown as SchedulerClient).reconcile(targets, { initialMs: 10, maxMs: 20, timeoutMs: 100 });
  t.deepEqual(result.unanswered, [{ taskId: 'b' }]);
  t.true(result.rounds >= 3, `${result.rounds} rounds`);
  t.true(client.asked.slice(1).every((ids) => ids.length === 1 && ids[0] === 'b'));
});

test('starting another reconciliation cancels the one under way', async (t) => {
  const client = new StandIn(() => []);
  const reconciler = new TaskReconciler(client as unknown as SchedulerClient);
  const first = reconciler.reconcile([{ taskId: 'x' }], { initialMs: 50 });
  await new Promise((r) => setTimeout(r, 10));
  const second = reconciler.reconcile([{ taskId: 'y' }], { initialMs: 5, timeoutMs: 20 });
  await t.throwsAsync(first, { message: 'reconciliation cancelled: another one started' });
  t.deepEqual((await second).unanswered, [{ taskId: 'y' }]);
});
