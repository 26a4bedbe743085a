// The state machine of a task in the master (Mesos's updateTask).
import test from 'ava';

import { applyStatusUpdate, newTask, reportedState } from '../../src/master/state/task.js';
import { createTaskStatus } from '../../src/mesos/task-status.js';
import type { TaskState } from '../../src/mesos/task-state.js';

const fresh = () => newTask({ taskId: 't', frameworkId: 'f', agentId: 'a', executorId: 't', name: 't', resources: [], info: undefined });
const status = (state: TaskState, withUuid = true) => createTaskStatus({ taskId: 't', state, source: 'SOURCE_EXECUTOR', withUuid, message: state });

test('a launched task is STAGING and pending until an update arrives', (t) => {
  const task = fresh();
  t.is(task.state, 'TASK_STAGING');
  t.true(task.pending);
  const outcome = applyStatusUpdate(task, status('TASK_RUNNING'));
  t.deepEqual(outcome, { previous: 'TASK_STAGING', terminated: false });
  t.false(task.pending);
  t.is(reportedState(task), 'TASK_RUNNING');
});

test('the latest state can run ahead of the update being delivered; reconciliation reports the delivered one', (t) => {
  const task = fresh();
  const running = status('TASK_RUNNING');
  const outcome = applyStatusUpdate(task, running, 'TASK_FINISHED');
  t.true(outcome.terminated, 'the task is over: its resources come back now');
  t.is(task.state, 'TASK_FINISHED');
  t.is(task.statusUpdateState, 'TASK_RUNNING');
  t.is(task.statusUpdateUuid, running.uuid);
  t.is(reportedState(task), 'TASK_RUNNING');
});

test('a terminal task never becomes live again, and terminates only once', (t) => {
  const task = fresh();
  t.true(applyStatusUpdate(task, status('TASK_FAILED')).terminated);
  t.false(applyStatusUpdate(task, status('TASK_RUNNING')).terminated);
  t.is(task.state, 'TASK_FAILED', 'an out-of-order update does not revive it');
  t.false(applyStatusUpdate(task, status('TASK_KILLED')).terminated);
  t.is(task.state, 'TASK_FAILED');
});

test('the history keeps one entry per consecutive state, latest kept, without data', (t) => {
  const task = fresh();
  applyStatusUpdate(task, { ...status('TASK_RUNNING'), data: 'aGVsbG8=' });
  applyStatusUpdate(task, { ...status('TASK_RUNNING'), message: 'again' });
  applyStatusUpdate(task, status('TASK_FINISHED'));
  t.deepEqual(task.statuses.map((s) => [s.state, s.message, 'data' in s]), [['TASK_RUNNING', 'again', false], ['TASK_FINISHED', 'TASK_FINISHED', false]]);
});

test('an update without uuid (the master\'s own) does not become the status-update state', (t) => {
  const task = fresh();
  applyStatusUpdate(task, status('TASK_RUNNING'));
  applyStatusUpdate(task, status('TASK_LOST', false));
  t.is(task.state, 'TASK_LOST');
  t.is(task.statusUpdateState, 'TASK_RUNNING');
});
