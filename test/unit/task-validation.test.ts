import test from 'ava';

import { validateTask } from '../../src/master/tasks/validate-task.js';
import { parseResources } from '../../src/mesos/resources/text.js';

const offered = parseResources('cpus:1;mem:128;ports:[31000-31009]');
const ctx = { agentId: 'a1', remaining: offered, isDuplicate: (id: string) => id === 'taken' };
const base = { name: 'n', task_id: { value: 't' }, agent_id: { value: 'a1' }, resources: parseResources('cpus:0.5;mem:64'), command: { value: 'true' } };
const verdict = (patch: Record<string, unknown>) => {
  const result = validateTask({ ...base, ...patch } as typeof base, ctx);
  return result.ok ? 'ok' : result.message;
};

test('a valid task passes, normalized (a shell command by default)', (t) => {
  const result = validateTask(base, ctx);
  t.true(result.ok);
  if (result.ok) t.deepEqual(result.task.command, { value: 'true', shell: true });
});

test('each invalid task gets a message naming the problem, in Mesos\'s order', (t) => {
  t.is(verdict({ task_id: { value: 'a/b' } }), "TaskID 'a/b' contains invalid characters (control characters, '/' and '\\' are not allowed)");
  t.is(verdict({ task_id: { value: 'a\nb' } }), "TaskID 'a\\nb' contains invalid characters (control characters, '/' and '\\' are not allowed)");
  t.is(verdict({ task_id: { value: '..' } }), "TaskID '..' is not allowed");
  t.is(verdict({ resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 'x' } }] }), "invalid TaskInfo: 'resources[0].scalar.value' must be a number");
  t.is(verdict({ agent_id: undefined }), "invalid TaskInfo: 'agent_id' is required");
  t.is(verdict({ command: { shell: true } }), "invalid TaskInfo: 'command.value' is required: the shell command is not specified");
  t.is(verdict({ agent_id: { value: 'a2' } }), "Task uses agent 'a2' but its offers are for agent 'a1'");
  t.is(verdict({ task_id: { value: 'taken' } }), 'Task has duplicate ID: taken');
  t.is(verdict({ resources: [] }), 'Task uses no resources');
  t.is(verdict({ resources: parseResources('cpus:2') }), 'Task t attempted to use cpus:2 which is greater than offered cpus:1;mem:128;ports:[31000-31009]');
  t.is(verdict({ resources: parseResources('cpus:0.1;ports:[32000-32000]') }), 'Task t attempted to use cpus:0.1;ports:[32000-32000] which is greater than offered cpus:1;mem:128;ports:[31000-31009]');
  t.is(verdict({ command: undefined }), 'Task should have at least one (but not both) of CommandInfo or ExecutorInfo present');
  t.is(
    verdict({ command: undefined, executor: { executor_id: { value: 'e' }, command: { value: 'x' } } }),
    "Task t names a custom executor 'e': this cluster runs command tasks only (give 'command', not 'executor')",
  );
});

test('ports inside the offered ranges are fine', (t) => {
  t.is(verdict({ resources: parseResources('cpus:0.1;ports:[31003-31004]') }), 'ok');
});
