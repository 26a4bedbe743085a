// The agent's pure rules: how a container's end reads as a status update,
// which RUN_TASKs are refused and why, ids as path names, resources.
import test from 'ava';

import { admitTask } from '../../src/agent/admit-task.js';
import { agentResources } from '../../src/agent/detect-resources.js';
import { describeExit, outcomeOf } from '../../src/agent/executor/outcome.js';
import { describeSignal } from '../../src/agent/executor/signal-descriptions.js';
import { checkPathComponent } from '../../src/agent/paths.js';
import type { Termination } from '../../src/containerizer/termination.js';
import { formatResources, parseResources } from '../../src/mesos/resources/index.js';

const end = (over: Partial<Termination>): Termination => ({
  container_id: 'c', exit_code: 0, signal: null, destroyed: false, killed_during_launch: false, finished_at: '2026-01-01T00:00:00.000Z', limitation: null, message: 'exited with status 0', ...over,
});

test('a container end as a terminal update: Mesos words, the right source and reason', (t) => {
  t.deepEqual(outcomeOf(end({}), false), { state: 'TASK_FINISHED', source: 'SOURCE_EXECUTOR', message: 'Command exited with status 0' });
  t.deepEqual(outcomeOf(end({ exit_code: 2 }), false), { state: 'TASK_FAILED', source: 'SOURCE_EXECUTOR', message: 'Command exited with status 2' });
  t.deepEqual(outcomeOf(end({ exit_code: null, signal: 9 }), false), { state: 'TASK_FAILED', source: 'SOURCE_EXECUTOR', message: 'Command terminated with signal Killed' });
  t.deepEqual(outcomeOf(end({ exit_code: null, signal: 15, destroyed: true }), true), { state: 'TASK_KILLED', source: 'SOURCE_EXECUTOR', message: 'Command terminated with signal Terminated' });
  t.deepEqual(outcomeOf(end({ exit_code: 0 }), true).state, 'TASK_KILLED', 'killed on request is KILLED, even if the command exits 0 on SIGTERM');
  t.deepEqual(outcomeOf(end({ exit_code: null, signal: 9, limitation: { resource: 'mem', message: 'Memory limit exceeded: ...' } }), true), {
    state: 'TASK_FAILED', source: 'SOURCE_AGENT', reason: 'REASON_CONTAINER_LIMITATION_MEMORY', message: 'Memory limit exceeded: ...',
  });
  t.is(outcomeOf(end({ limitation: { resource: 'disk', message: 'x' } }), false).reason, 'REASON_CONTAINER_LIMITATION');
  t.like(outcomeOf(end({ exit_code: null, signal: null, finished_at: null, message: 'ended; its exit status is unknown' }), false), {
    state: 'TASK_FAILED', source: 'SOURCE_AGENT', reason: 'REASON_EXECUTOR_TERMINATED', message: 'Failed to get exit status for Command: ended; its exit status is unknown',
  });
  t.like(outcomeOf(end({ exit_code: null, signal: 9, destroyed: true }), false), { state: 'TASK_FAILED', source: 'SOURCE_AGENT', reason: 'REASON_EXECUTOR_TERMINATED' }, 'destroyed by someone else');
});

test('signals are described as strsignal does', (t) => {
  t.is(describeSignal(11), 'Segmentation fault');
  t.is(describeSignal(6), 'Aborted');
  t.is(describeSignal(35), 'Real-time signal 1');
  t.is(describeExit({ exit_code: null, signal: 2 }), 'Command terminated with signal Interrupt');
});

const run = (task: Record<string, unknown>, framework: Record<string, unknown> = { id: { value: 'f' }, user: 'u', name: 'n' }) =>
  admitTask({ framework: framework as never, task: { task_id: { value: 't' }, ...task } as never }, 'agent-1');
const good = { name: 't', agent_id: { value: 'agent-1' }, command: { value: 'true' } };

test('admission: a command task for this agent passes; each refusal is TASK_ERROR naming the problem', (t) => {
  const ok = run(good);
  t.true(ok.ok);
  const refused = (task: Record<string, unknown>, framework?: Record<string, unknown>): string => {
    const a = run(task, framework);
    if (a.ok) throw new Error('admitted');
    t.like(a.refusal, { state: 'TASK_ERROR', source: 'SOURCE_AGENT', reason: 'REASON_TASK_INVALID' });
    return a.refusal.message;
  };
  t.regex(refused({ ...good, command: undefined }), /Task has no command/);
  t.regex(refused({ ...good, executor: { executor_id: { value: 'e' } } }), /custom executor \(e\): this agent runs only command tasks/);
  t.regex(refused({ ...good, agent_id: { value: 'other' } }), /Task is for agent other, but this is agent agent-1/);
  t.regex(refused({ ...good, command: { value: 'x', environment: { variables: [{ name: 'A=B', value: '' }] } } }), /'command.environment.variables\[0\].name' must not contain '='/);
  t.regex(refused(good, { id: { value: 'f' }, name: 'n' }), /invalid FrameworkInfo: 'user' is required/);
  t.regex(refused(good, { id: { value: '..' }, user: 'u', name: 'n' }), /framework id "\.\." may not be '\.\.'/);
});

test('ids as path names: one component, nothing that climbs or hides', (t) => {
  for (const ok of ['task-1', 'a.b_c', 'ünïcödé', 'x'.repeat(255)]) t.is(checkPathComponent('task id', ok), ok);
  for (const [bad, why] of [['', /is empty/], ['.', /may not be '\.'/], ['a/b', /contains a slash/], ['a\\b', /contains a slash/], ['a\nb', /control character/], ['x'.repeat(256), /longer than 255 bytes/]] as const) {
    t.throws(() => checkPathComponent('task id', bad), { message: why, code: 'INVALID_ID' } as never);
  }
});

test("the agent's resources: the flag's, and detected ones for names the flag does not give", (t) => {
  const detected = parseResources('cpus:8;mem:15000;disk:90000;ports:[31000-32000]');
  t.is(formatResources(agentResources(parseResources('cpus:2;gpus:1'), detected)), 'cpus:2;gpus:1;mem:15000;disk:90000;ports:[31000-32000]');
  t.is(formatResources(agentResources([], detected)), 'cpus:8;mem:15000;disk:90000;ports:[31000-32000]');
});
