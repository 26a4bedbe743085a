import test from 'ava';

import {
  AgentInfoSchema,
  FrameworkInfoSchema,
  REASONS,
  TASK_STATES,
  TaskInfoSchema,
  TaskSchema,
  TaskStatusSchema,
  createTaskStatus,
  gracePeriodMs,
  isTerminal,
  parseWith,
  uuidText,
} from '../../src/mesos/index.js';

const parse = <S extends Parameters<typeof parseWith>[0]>(schema: S, input: unknown, doc = 'X') => parseWith(schema, input, doc, 'INVALID_X');

test('every TaskState; terminal ones include TASK_ERROR', (t) => {
  t.deepEqual([...TASK_STATES].sort(), [
    'TASK_ERROR', 'TASK_FAILED', 'TASK_FINISHED', 'TASK_KILLED', 'TASK_LOST', 'TASK_RUNNING', 'TASK_STAGING', 'TASK_STARTING',
  ]);
  t.deepEqual(TASK_STATES.filter(isTerminal).sort(), ['TASK_ERROR', 'TASK_FAILED', 'TASK_FINISHED', 'TASK_KILLED', 'TASK_LOST']);
});

test('the 17 reasons of 0.21 spell slave as agent; the later ones the agent sets are there', (t) => {
  t.is(REASONS.indexOf('REASON_COMMAND_EXECUTOR_FAILED'), 0);
  t.is(REASONS.indexOf('REASON_TASK_UNKNOWN'), 16);
  for (const r of ['REASON_AGENT_DISCONNECTED', 'REASON_AGENT_REMOVED', 'REASON_AGENT_RESTARTED', 'REASON_AGENT_UNKNOWN']) t.true((REASONS as readonly string[]).includes(r));
  t.false(REASONS.some((r) => r.includes('SLAVE')));
  for (const r of ['REASON_CONTAINER_LAUNCH_FAILED', 'REASON_CONTAINER_LIMITATION_MEMORY', 'REASON_TASK_KILLED_DURING_LAUNCH', 'REASON_EXECUTOR_TERMINATED', 'REASON_TASK_INVALID', 'REASON_INVALID_OFFERS', 'REASON_RECONCILIATION']) {
    t.true((REASONS as readonly string[]).includes(r), r);
  }
});

// The TaskStatus of an UPDATE event as the v1 scheduler API documentation shows it.
const documentedStatus = {
  task_id: { value: '12344-my-task' },
  state: 'TASK_RUNNING',
  source: 'SOURCE_EXECUTOR',
  uuid: 'adfadfadbhgvjayd23r2uahj',
  bytes: 'uhdjfhuagdj63d7hadkf',
};

test('TaskStatus: the documented example parses (unknown keys dropped)', (t) => {
  t.deepEqual(parse(TaskStatusSchema, documentedStatus), {
    task_id: { value: '12344-my-task' },
    state: 'TASK_RUNNING',
    source: 'SOURCE_EXECUTOR',
    uuid: 'adfadfadbhgvjayd23r2uahj',
  });
});

test('TaskStatus: every field of ours round-trips', (t) => {
  const status = createTaskStatus({
    taskId: 't1', state: 'TASK_FAILED', source: 'SOURCE_AGENT', reason: 'REASON_CONTAINER_LAUNCH_FAILED', message: 'boom',
    agentId: 'a1', executorId: 't1', healthy: false, labels: { labels: [{ key: 'k', value: 'v' }] },
  });
  t.deepEqual(parse(TaskStatusSchema, JSON.parse(JSON.stringify(status))), status);
  t.is(Buffer.from(status.uuid!, 'base64').length, 16);
  t.regex(uuidText(status.uuid!), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  t.true(Math.abs(status.timestamp! - Date.now() / 1000) < 60, 'timestamp is in seconds');
  t.is(createTaskStatus({ taskId: 't', state: 'TASK_LOST', source: 'SOURCE_MASTER', withUuid: false }).uuid, undefined);
});

const badStatuses: Array<[unknown, RegExp]> = [
  [{ state: 'TASK_RUNNING' }, /'task_id' is required/],
  [{ task_id: { value: '' }, state: 'TASK_RUNNING' }, /'task_id.value' must not be empty/],
  [{ task_id: 't', state: 'TASK_RUNNING' }, /'task_id' must be a JSON object/],
  [{ task_id: { value: 't' }, state: 'RUNNING' }, /'state' must be one of "TASK_STAGING"/],
  [{ task_id: { value: 't' }, state: 'TASK_RUNNING', source: 'SOURCE_SLAVE' }, /'source' must be one of "SOURCE_MASTER", "SOURCE_AGENT", "SOURCE_EXECUTOR"/],
  [{ task_id: { value: 't' }, state: 'TASK_RUNNING', reason: 'REASON_SLAVE_REMOVED' }, /'reason' must be one of/],
  [{ task_id: { value: 't' }, state: 'TASK_RUNNING', uuid: 'not base64!' }, /'uuid' must be base64/],
  [{ task_id: { value: 't' }, state: 'TASK_RUNNING', timestamp: '12' }, /'timestamp' must be a number/],
  [{ task_id: { value: 't' }, state: 'TASK_RUNNING', labels: { labels: [{ value: 'v' }] } }, /'labels.labels\[0\].key' is required/],
];
for (const [input, message] of badStatuses) {
  test(`TaskStatus rejects ${JSON.stringify(input)}`, (t) => {
    const error = t.throws(() => parse(TaskStatusSchema, input, 'TaskStatus'), { message });
    t.regex(error!.message, /^invalid TaskStatus: /);
    t.is((error as { code?: string }).code, 'INVALID_X');
  });
}

// A LAUNCH operation's task as the v1 documentation shows it: a custom executor, v1 resources.
const documentedTask = {
  name: 'My Task',
  task_id: { value: '12220-3440-12532-my-task' },
  agent_id: { value: '12220-3440-12532-S1233' },
  executor: { command: { shell: true, value: 'sleep 1000' }, executor_id: { value: '12214-23523-my-executor' } },
  resources: [
    { allocation_info: { role: 'engineering' }, name: 'cpus', role: '*', type: 'SCALAR', scalar: { value: 1.0 } },
    { allocation_info: { role: 'engineering' }, name: 'mem', role: '*', type: 'SCALAR', scalar: { value: 128.0 } },
  ],
};

test('TaskInfo: the documented example parses', (t) => {
  const task = parse(TaskInfoSchema, documentedTask);
  t.is(task.executor?.executor_id.value, '12214-23523-my-executor');
  t.deepEqual(task.executor?.command, { value: 'sleep 1000', shell: true });
  t.deepEqual(task.resources, [
    { name: 'cpus', role: '*', type: 'SCALAR', scalar: { value: 1 } },
    { name: 'mem', role: '*', type: 'SCALAR', scalar: { value: 128 } },
  ]);
});

test('TaskInfo: a command task with container, labels and a kill policy (int64 as number or string)', (t) => {
  const task = parse(TaskInfoSchema, {
    name: 'n', task_id: { value: 't' }, agent_id: { value: 'a' },
    command: { value: '/bin/echo', shell: false, arguments: ['echo', 'hi'] },
    container: { type: 'MESOS', volumes: [{ container_path: '/tmp', host_path: 'tmp', mode: 'RW' }] },
    labels: { labels: [{ key: 'team', value: 'x' }] },
    kill_policy: { grace_period: { nanoseconds: '2500000000' } },
  });
  t.deepEqual(task.command, { value: '/bin/echo', shell: false, arguments: ['echo', 'hi'] });
  t.is(gracePeriodMs(task.kill_policy), 2500);
  t.is(gracePeriodMs(parse(TaskInfoSchema, { ...documentedTask, kill_policy: { grace_period: { nanoseconds: 1e9 } } }).kill_policy), 1000);
  t.deepEqual(task.resources, []);
});

const taskBase = { name: 'n', task_id: { value: 't' }, agent_id: { value: 'a' } };
const badTasks: Array<[unknown, RegExp]> = [
  [{ ...taskBase, name: undefined }, /'name' is required/],
  [{ ...taskBase, agent_id: undefined }, /'agent_id' is required/],
  [{ ...taskBase, command: {} }, /'command.value' is required: the shell command is not specified/],
  [{ ...taskBase, command: { value: 1 } }, /'command.value' must be a string/],
  [{ ...taskBase, resources: [{ name: 'cpus', type: 'SCALAR' }] }, /'resources\[0\].scalar' is required for a SCALAR resource/],
  [{ ...taskBase, resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: -1 } }] }, /'resources\[0\].scalar.value' must not be negative/],
  [{ ...taskBase, resources: [{ name: 'ports', type: 'RANGES', ranges: { range: [{ begin: 5, end: 4 }] } }] }, /'resources\[0\].ranges.range\[0\].end' must not be less than begin/],
  [{ ...taskBase, resources: [{ name: 'x', type: 'TEXT' }] }, /'resources\[0\].type' must be one of "SCALAR", "RANGES", "SET"/],
  [{ ...taskBase, container: { type: 'DOCKER' } }, /'container.type' must be "MESOS"/],
  [{ ...taskBase, container: { type: 'MESOS', volumes: [{ container_path: '/x', mode: 'rw' }] } }, /'container.volumes\[0\].mode' must be "RW" or "RO"/],
  [{ ...taskBase, kill_policy: { grace_period: { nanoseconds: '5s' } } }, /'kill_policy.grace_period.nanoseconds'/],
  [{ ...taskBase, executor: { command: { value: 'x' } } }, /'executor.executor_id' is required/],
  [{ ...taskBase, data: '%%%' }, /'data' must be base64/],
];
for (const [input, message] of badTasks) {
  test(`TaskInfo rejects ${JSON.stringify(input)}`, (t) => {
    t.throws(() => parse(TaskInfoSchema, input, 'TaskInfo'), { message });
  });
}

test('FrameworkInfo: the documented SUBSCRIBE example parses; user and name are required', (t) => {
  const info = parse(FrameworkInfoSchema, { user: 'foo', name: 'Example HTTP Framework', roles: ['test'], capabilities: [{ type: 'MULTI_ROLE' }] });
  t.is(info.user, 'foo');
  t.deepEqual(info.capabilities, [{ type: 'MULTI_ROLE' }]);
  const full = parse(FrameworkInfoSchema, { user: 'u', name: 'n', id: { value: 'f1' }, failover_timeout: 3600.5, checkpoint: true, hostname: 'h', role: '*' });
  t.is(full.failover_timeout, 3600.5);
  t.true(full.checkpoint);
  t.throws(() => parse(FrameworkInfoSchema, { name: 'n' }, 'FrameworkInfo'), { message: "invalid FrameworkInfo: 'user' is required" });
  t.throws(() => parse(FrameworkInfoSchema, { user: 'u', name: 'n', checkpoint: 'yes' }), { message: /'checkpoint' must be true or false/ });
  t.throws(() => parse(FrameworkInfoSchema, { user: 'u', name: 'n', failover_timeout: -1 }), { message: /'failover_timeout' must not be negative/ });
});

test('AgentInfo: hostname, port, resources, attributes, id', (t) => {
  const info = parse(AgentInfoSchema, {
    hostname: 'host1', port: 5051, id: { value: 'S1' },
    resources: [{ name: 'ports', type: 'RANGES', ranges: { range: [{ begin: 31000, end: 32000 }] } }],
    attributes: [{ name: 'rack', type: 'TEXT', text: { value: 'r1' } }],
  });
  t.is(info.resources[0]!.ranges!.range[0]!.end, 32000);
  t.throws(() => parse(AgentInfoSchema, { hostname: 'h', port: 70000 }), { message: /'port' must be at most 65535/ });
  t.throws(() => parse(AgentInfoSchema, { hostname: '' }), { message: /'hostname' must not be empty/ });
});

test('Task: the agent and master view of a task, with its unacknowledged updates', (t) => {
  const running = createTaskStatus({ taskId: 't', state: 'TASK_RUNNING', source: 'SOURCE_EXECUTOR' });
  const task = parse(TaskSchema, {
    name: 'n', task_id: { value: 't' }, framework_id: { value: 'f' }, agent_id: { value: 'a' }, executor_id: { value: 't' },
    state: 'TASK_FINISHED', statuses: [running], status_update_state: 'TASK_RUNNING', status_update_uuid: running.uuid,
  });
  t.is(task.status_update_state, 'TASK_RUNNING');
  t.is(task.statuses.length, 1);
  t.throws(() => parse(TaskSchema, { ...task, framework_id: undefined }), { message: /'framework_id' is required/ });
});

test('a report with several problems names the first and counts the rest', (t) => {
  t.throws(() => parse(TaskStatusSchema, {}, 'TaskStatus'), { message: "invalid TaskStatus: 'task_id' is required (and 1 more problem)" });
  t.throws(() => parse(TaskStatusSchema, 7, 'TaskStatus'), { message: "invalid TaskStatus: '(top level)' must be a JSON object" });
});
