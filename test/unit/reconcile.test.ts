// The master's reconciliation table (reference §2.2 with the fixes of §8).
import test from 'ava';

import type { AgentStanding } from '../../src/master/tasks/reconcile.js';
import { LATEST_STATE, UNKNOWN_TASK, UNKNOWN_TO_AGENT, reconcileTasks } from '../../src/master/tasks/reconcile.js';
import type { TaskRecord } from '../../src/master/state/task.js';
import { applyStatusUpdate, newTask } from '../../src/master/state/task.js';
import { createTaskStatus } from '../../src/mesos/task-status.js';
import type { TaskState } from '../../src/mesos/task-state.js';

function task(id: string, agentId: string, updates: TaskState[] = [], latest?: TaskState): TaskRecord {
  const record = newTask({ taskId: id, frameworkId: 'f', agentId, executorId: id, name: id, resources: [], info: undefined });
  record.pending = updates.length === 0 && latest === undefined;
  for (const state of updates) applyStatusUpdate(record, createTaskStatus({ taskId: id, state, source: 'SOURCE_EXECUTOR' }), latest);
  if (updates.length === 0 && latest) record.state = latest;
  return record;
}

function view(tasks: TaskRecord[], agents: Record<string, AgentStanding>) {
  return {
    tasks: new Map(tasks.map((t) => [t.taskId, t])),
    agent: (id: string): AgentStanding => agents[id] ?? 'unknown',
    anyAgentInTransition: () => Object.values(agents).includes('in-transition'),
  };
}

const brief = (answers: ReturnType<typeof reconcileTasks>) => answers.map((a) => [a.task_id.value, a.state, a.agent_id?.value, a.message]);

test('every answer is the master\'s, for reconciliation, and carries no uuid', (t) => {
  const answers = reconcileTasks([], view([task('run', 'a1', ['TASK_RUNNING'])], { a1: 'registered' }));
  t.is(answers.length, 1);
  t.like(answers[0], { source: 'SOURCE_MASTER', reason: 'REASON_RECONCILIATION', message: LATEST_STATE });
  t.false('uuid' in answers[0]!);
});

test('implicit: every task of the framework, terminal-unacknowledged ones too, pending ones as STAGING', (t) => {
  const tasks = [task('pending', 'a1'), task('run', 'a1', ['TASK_RUNNING']), task('done', 'a2', ['TASK_RUNNING', 'TASK_FINISHED'])];
  t.deepEqual(brief(reconcileTasks([], view(tasks, { a1: 'registered', a2: 'in-transition' }))), [
    ['pending', 'TASK_STAGING', 'a1', LATEST_STATE],
    ['run', 'TASK_RUNNING', 'a1', LATEST_STATE],
    ['done', 'TASK_FINISHED', 'a2', LATEST_STATE],
  ]);
  t.deepEqual(reconcileTasks([], view([], { a1: 'in-transition' })), [], 'nothing known, nothing said: no LOST for what the framework may believe in');
});

test('the state reported is the one the framework was last sent, not the agent\'s latest (ReconcileStatusUpdateTaskState)', (t) => {
  const record = task('t', 'a1', ['TASK_RUNNING'], 'TASK_FINISHED');
  t.is(record.state, 'TASK_FINISHED');
  t.deepEqual(brief(reconcileTasks([], view([record], { a1: 'registered' }))), [['t', 'TASK_RUNNING', 'a1', LATEST_STATE]]);
});

test('explicit: one answer per task, by the table', (t) => {
  const tasks = [task('run', 'a1', ['TASK_RUNNING']), task('pending', 'a1')];
  const agents: Record<string, AgentStanding> = { a1: 'registered', moving: 'in-transition' };
  const ask = (taskId: string, agentId?: string) => ({ task_id: { value: taskId }, ...(agentId && { agent_id: { value: agentId } }) });
  t.deepEqual(
    brief(reconcileTasks([ask('run', 'a1'), ask('pending'), ask('ghost', 'a1'), ask('ghost2', 'nowhere'), ask('ghost3', 'moving'), ask('run', 'moving')], view(tasks, agents))),
    [
      ['run', 'TASK_RUNNING', 'a1', LATEST_STATE], // TaskStateMismatch / TaskStateMatch: the master always answers
      ['pending', 'TASK_STAGING', 'a1', LATEST_STATE], // PendingTask
      ['ghost', 'TASK_LOST', 'a1', UNKNOWN_TO_AGENT], // UnknownTask
      ['ghost2', 'TASK_LOST', 'nowhere', UNKNOWN_TASK], // UnknownSlave
      // ghost3: no answer, its agent is in transition (SlaveInTransition)
      ['run', 'TASK_RUNNING', 'a1', LATEST_STATE], // known: the task's own agent counts, not the one named
    ],
  );
});

test('the in-transition check is per agent; without an agent named, any agent in transition holds the answer back', (t) => {
  const ask = (agentId?: string) => [{ task_id: { value: 'ghost' }, ...(agentId && { agent_id: { value: agentId } }) }];
  const agents: Record<string, AgentStanding> = { a1: 'registered', moving: 'in-transition' };
  t.deepEqual(brief(reconcileTasks(ask('a1'), view([], agents))), [['ghost', 'TASK_LOST', 'a1', UNKNOWN_TO_AGENT]], 'another agent in transition does not silence this one');
  t.deepEqual(reconcileTasks(ask(), view([], agents)), [], 'the task could be on the agent in transition');
  t.deepEqual(brief(reconcileTasks(ask(), view([], { a1: 'registered' }))), [['ghost', 'TASK_LOST', undefined, UNKNOWN_TASK]]);
});
