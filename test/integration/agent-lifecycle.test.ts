// mesos-agent, a real process, against the in-test master: each task's
// state sequence with its source, reason and message.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { AgentContext } from '../helpers/agent-harness.js';
import { agentFor, useAgentHarness } from '../helpers/agent-harness.js';
import { rootOnly } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<AgentContext>);
useAgentHarness(test);

const brief = (s: { state: string; source?: string; reason?: string; message?: string }) => ({ state: s.state, source: s.source, reason: s.reason, message: s.message });
const STARTING = { state: 'TASK_STARTING', source: 'SOURCE_EXECUTOR', reason: undefined, message: '' };
const RUNNING = { state: 'TASK_RUNNING', source: 'SOURCE_EXECUTOR', reason: undefined, message: '' };

test('exit 0: STARTING, RUNNING, FINISHED, all from the executor', async (t) => {
  const { master } = t.context;
  const agent = await agentFor(t);
  await master.runTask(agent.id, master.commandTask(agent.id, 'ok', 'true'));
  await master.untilTerminal('ok');
  t.deepEqual(master.statuses('ok').map(brief), [STARTING, RUNNING, { state: 'TASK_FINISHED', source: 'SOURCE_EXECUTOR', reason: undefined, message: 'Command exited with status 0' }]);
  const finished = master.statuses('ok')[2]!;
  t.is(finished.agent_id?.value, agent.id);
  t.is(finished.executor_id?.value, 'ok');
  t.is(Buffer.from(finished.uuid!, 'base64').length, 16);
});

test('exit N: TASK_FAILED "Command exited with status N"; a signal: "Command terminated with signal <strsignal>"', async (t) => {
  const { master } = t.context;
  const agent = await agentFor(t);
  await master.runTask(agent.id, master.commandTask(agent.id, 'three', 'exit 3'));
  await master.runTask(agent.id, master.commandTask(agent.id, 'segv', 'kill -SEGV $$'));
  t.deepEqual(brief(await master.untilTerminal('three')), { state: 'TASK_FAILED', source: 'SOURCE_EXECUTOR', reason: undefined, message: 'Command exited with status 3' });
  t.deepEqual(brief(await master.untilTerminal('segv')), { state: 'TASK_FAILED', source: 'SOURCE_EXECUTOR', reason: undefined, message: 'Command terminated with signal Segmentation fault' });
  t.deepEqual(master.states('three'), ['TASK_STARTING', 'TASK_RUNNING', 'TASK_FAILED']);
});

test('kill: SIGTERM reaches the task; one that ends on it is TASK_KILLED', async (t) => {
  const { master } = t.context;
  const agent = await agentFor(t);
  await master.runTask(agent.id, master.commandTask(agent.id, 'polite', "trap 'exit 0' TERM; while :; do sleep 0.1; done"));
  await master.untilState('polite', 'TASK_RUNNING');
  await master.killTask(agent.id, 'polite');
  t.deepEqual(brief(await master.untilTerminal('polite')), { state: 'TASK_KILLED', source: 'SOURCE_EXECUTOR', reason: undefined, message: 'Command exited with status 0' });
});

test('kill: a task that ignores SIGTERM is destroyed after the grace period of its kill policy', async (t) => {
  const { master } = t.context;
  const agent = await agentFor(t);
  await master.runTask(agent.id, master.commandTask(agent.id, 'stubborn', "trap '' TERM; while :; do sleep 0.1; done"));
  await master.untilState('stubborn', 'TASK_RUNNING');
  await master.killTask(agent.id, 'stubborn', 0.5);
  t.deepEqual(brief(await master.untilTerminal('stubborn')), { state: 'TASK_KILLED', source: 'SOURCE_EXECUTOR', reason: undefined, message: 'Command terminated with signal Killed' });
  t.deepEqual(t.context.h.ours(), [], 'nothing of the task is left');
});

test('a launch that fails (an absolute program that does not exist) is TASK_FAILED from the agent, CONTAINER_LAUNCH_FAILED, the error in one line', async (t) => {
  const { master } = t.context;
  const agent = await agentFor(t);
  await master.runTask(agent.id, master.commandTask(agent.id, 'nope', '', { command: { value: '/no/such/program', shell: false } }));
  const end = await master.untilTerminal('nope');
  t.like(end, { state: 'TASK_FAILED', source: 'SOURCE_AGENT', reason: 'REASON_CONTAINER_LAUNCH_FAILED' });
  t.regex(end.message!, /\/no\/such\/program/);
  t.false(end.message!.includes('\n'));
  t.deepEqual(master.states('nope'), ['TASK_STARTING', 'TASK_FAILED']);
});

test('a user that does not exist fails the launch, naming the user', async (t) => {
  const { master } = t.context;
  const agent = await agentFor(t);
  await master.runTask(agent.id, master.commandTask(agent.id, 'who', 'true'), { id: { value: 'fw-1' }, user: 'no-such-user-here', name: 'fw', checkpoint: true });
  const end = await master.untilTerminal('who');
  t.like(end, { state: 'TASK_FAILED', source: 'SOURCE_AGENT', reason: 'REASON_CONTAINER_LAUNCH_FAILED' });
  t.regex(end.message!, /no-such-user-here/);
});

test('a kill that arrives while the container is launching stops the launch: TASK_KILLED from the agent, TASK_KILLED_DURING_LAUNCH', async (t) => {
  const { master, h } = t.context;
  // The launch fetches a URI from a server that never answers: only an
  // aborted launch can end before the fetch does.
  let requested = false;
  const silent = createServer(() => {
    requested = true;
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const agent = await agentFor(t);
    // The terminal update stays unacknowledged: the agent keeps the container's record for us to read.
    master.acknowledge = (update) => update.status.state !== 'TASK_KILLED';
    const uri = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/artifact`;
    await master.runTask(agent.id, master.commandTask(agent.id, 'early', '', { command: { value: 'sleep 1000', uris: [{ value: uri, extract: false }] } }));
    await master.until('the launch is fetching', () => requested);
    await master.killTask(agent.id, 'early');
    t.deepEqual(brief(await master.untilTerminal('early', 15_000)), {
      state: 'TASK_KILLED',
      source: 'SOURCE_AGENT',
      reason: 'REASON_TASK_KILLED_DURING_LAUNCH',
      message: 'Task killed while its container was launching',
    });
    t.deepEqual(master.states('early'), ['TASK_STARTING', 'TASK_KILLED']);
    const [container] = h.containerizer().containers();
    t.like(container, { state: 'exited', killed_during_launch: true, destroyed: true, pid: null }, 'the launch stopped before its task was started');
    t.deepEqual(h.ours(), [], 'nothing of the container is left');
  } finally {
    silent.closeAllConnections();
    silent.close();
  }
});

test('a task with a custom executor: TASK_ERROR, only command tasks are supported', async (t) => {
  const { master } = t.context;
  const agent = await agentFor(t);
  await master.runTask(agent.id, {
    name: 'custom', task_id: { value: 'custom' }, agent_id: { value: agent.id },
    executor: { executor_id: { value: 'my-executor' }, command: { value: './my-executor' } },
  });
  const end = await master.untilTerminal('custom');
  t.like(end, { state: 'TASK_ERROR', source: 'SOURCE_AGENT', reason: 'REASON_TASK_INVALID' });
  t.regex(end.message!, /only command tasks/);
  t.deepEqual(master.states('custom'), ['TASK_ERROR']);
});

const malformed: Array<[string, Record<string, unknown>, RegExp]> = [
  ['a command that is not a string', { command: { value: 42 } }, /invalid TaskInfo: 'command.value' must be a string/],
  ['no command', { command: undefined }, /no command/],
  ['a negative cpus', { resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: -1 } }] }, /'resources\[0\].scalar.value' must not be negative/],
  ['a container of another type', { container: { type: 'DOCKER' } }, /'container.type' must be "MESOS"/],
  ['another agent id', { agent_id: { value: 'someone-else' } }, /Task is for agent someone-else/],
  ['a task id with a slash', { task_id: { value: '../escape' } }, /task id "..\/escape" contains a slash/],
];
test('malformed tasks each get TASK_ERROR with the field named, and the agent goes on', async (t) => {
  const { master } = t.context;
  const agent = await agentFor(t);
  for (const [i, [, change]] of malformed.entries()) {
    await master.runTask(agent.id, { ...master.commandTask(agent.id, `bad-${i}`, 'true'), ...change, ...(change.task_id === undefined && { task_id: { value: `bad-${i}` } }) });
  }
  for (const [i, [title, change, message]] of malformed.entries()) {
    const id = (change.task_id as { value: string } | undefined)?.value ?? `bad-${i}`;
    const end = await master.untilTerminal(id);
    t.like(end, { state: 'TASK_ERROR', source: 'SOURCE_AGENT', reason: 'REASON_TASK_INVALID' }, title);
    t.regex(end.message!, message, title);
  }
  // A message that does not even say which task it is: 400, naming the field, and nothing else happens.
  const refused = await master.send(agent.id, 'RUN_TASK', { framework: { id: { value: 'fw-1' } }, task: { name: 'x' } } as never);
  t.is(refused.status, 400);
  t.regex(refused.body, /'run_task.task.task_id' is required/);
  await master.runTask(agent.id, master.commandTask(agent.id, 'after', 'true'));
  t.is((await master.untilTerminal('after')).state, 'TASK_FINISHED', 'the agent still runs tasks');
});

test('a task past its memory limit (cgroups/mem, v1): TASK_FAILED from the agent, CONTAINER_LIMITATION_MEMORY, the limitation message', async (t) => {
  const { master } = t.context;
  const agent = await agentFor(t, { flags: ['--isolation=namespaces/pid,filesystem/shared,cgroups/mem', '--cgroups_hierarchy=v1'] });
  const hog = `while :; do awk 'BEGIN { s = "x"; for (i = 0; i < 28; i++) s = s s }'; done`;
  await master.runTask(agent.id, {
    ...master.commandTask(agent.id, 'hog', hog),
    resources: [{ name: 'mem', type: 'SCALAR', scalar: { value: 64 } }],
  });
  const end = await master.untilTerminal('hog');
  t.like(end, { state: 'TASK_FAILED', source: 'SOURCE_AGENT', reason: 'REASON_CONTAINER_LIMITATION_MEMORY' });
  t.regex(end.message!, /^Memory limit exceeded: requested 64 MB/);
  t.deepEqual(master.states('hog'), ['TASK_STARTING', 'TASK_RUNNING', 'TASK_FAILED']);
});
