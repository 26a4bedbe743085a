// kill -9 of the agent and its restart: running tasks of checkpointing
// frameworks are re-attached (and can still be killed), tasks that ended
// meanwhile are reported as they ended, unacknowledged updates are resent,
// a torn checkpoint is recovered, and --recover=cleanup, a reboot and a
// framework without checkpointing each end their tasks truthfully.
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import anyTest from 'ava';
import type { ExecutionContext, TestFn } from 'ava';
import { execa } from 'execa';

import type { AgentContext } from '../helpers/agent-harness.js';
import { agentFor, useAgentHarness } from '../helpers/agent-harness.js';
import { AGENT_BIN, agentFlags } from '../helpers/agent-process.js';
import type { AgentProcess } from '../helpers/agent-process.js';
import { rootOnly } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<AgentContext>);
useAgentHarness(test);

type Running = AgentProcess & { id: string };

async function restart(t: ExecutionContext<AgentContext>, agent: Running, flags: string[] = [], env: Record<string, string> = {}): Promise<Running> {
  await agent.kill('SIGKILL');
  return agentFor(t, { port: agent.port, flags, env });
}

function findFiles(dir: string, name: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => p.endsWith(name)).map((p) => join(dir, p));
}

async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting until ${what}`);
}

const brief = (s: { state: string; source?: string; reason?: string }) => ({ state: s.state, source: s.source, reason: s.reason });

test('a running task survives kill -9 of the agent, is re-registered, and can still be killed', async (t) => {
  const { master, h } = t.context;
  let agent = await agentFor(t);
  await master.runTask(agent.id, master.commandTask(agent.id, 'long', "trap 'exit 0' TERM; while :; do sleep 0.1; done"));
  await master.untilState('long', 'TASK_RUNNING');
  const pid = h.containerizer().containers()[0]!.pid;
  agent = await restart(t, agent);
  const reregistered = master.messages.filter((m) => m.type === 'REREGISTER_AGENT').at(-1)!;
  t.is(reregistered.type, 'REREGISTER_AGENT');
  const tasks = reregistered.type === 'REREGISTER_AGENT' ? reregistered.reregister_agent.tasks : [];
  t.like(tasks, [{ task_id: { value: 'long' }, state: 'TASK_RUNNING' }]);
  t.is(h.containerizer().containers()[0]!.pid, pid, 'the same container, never restarted');
  await master.killTask(agent.id, 'long');
  t.deepEqual(brief(await master.untilTerminal('long')), { state: 'TASK_KILLED', source: 'SOURCE_EXECUTOR', reason: undefined });
  t.deepEqual(master.states('long'), ['TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLED']);
});

test('a task that ended while the agent was down is reported as it ended, after the restart', async (t) => {
  const { master, h } = t.context;
  let agent = await agentFor(t);
  await master.runTask(agent.id, master.commandTask(agent.id, 'meanwhile', 'while [ ! -e stop ]; do sleep 0.05; done; exit 7'));
  await master.untilState('meanwhile', 'TASK_RUNNING');
  await agent.kill('SIGKILL');
  const sandbox = h.containerizer().containers()[0]!.sandbox!;
  writeFileSync(join(sandbox, 'stop'), '');
  await h.containerizer().wait(h.containerizer().containers()[0]!.container_id);
  agent = await agentFor(t, { port: agent.port });
  t.deepEqual({ ...brief(await master.untilTerminal('meanwhile')), message: master.statuses('meanwhile').at(-1)!.message }, {
    state: 'TASK_FAILED',
    source: 'SOURCE_EXECUTOR',
    reason: undefined,
    message: 'Command exited with status 7',
  });
  t.deepEqual(master.states('meanwhile'), ['TASK_STARTING', 'TASK_RUNNING', 'TASK_FAILED']);
});

test('killed after the task ended but before the acknowledgement: the same update is resent after the restart', async (t) => {
  const { master } = t.context;
  master.acknowledge = (u) => u.status.state !== 'TASK_FINISHED';
  let agent = await agentFor(t);
  await master.runTask(agent.id, master.commandTask(agent.id, 'unacked', 'true'));
  const finished = await master.untilTerminal('unacked');
  agent = await restart(t, agent);
  await master.until('FINISHED is resent', () => master.received('unacked').filter((u) => u.status.state === 'TASK_FINISHED').length >= 2);
  const resent = master.received('unacked').filter((u) => u.status.state === 'TASK_FINISHED');
  t.true(resent.every((u) => u.status.uuid === finished.uuid), 'the same update, the same uuid');
  t.deepEqual(master.states('unacked'), ['TASK_STARTING', 'TASK_RUNNING', 'TASK_FINISHED'], 'deduplicated by uuid: one terminal update');
  const reregistered = master.messages.filter((m) => m.type === 'REREGISTER_AGENT').at(-1)!;
  t.like(reregistered.type === 'REREGISTER_AGENT' && reregistered.reregister_agent.tasks[0], { state: 'TASK_FINISHED', status_update_state: 'TASK_FINISHED', status_update_uuid: finished.uuid });
  master.acknowledge = true;
  await master.ack(agent.id, resent[0]!);
  await eventually('acknowledged, the task is over', async () => ((await (await fetch(`${agent.url}/state`)).json()) as { frameworks: unknown[] }).frameworks.length === 0);
});

test('a torn last record of a task.updates checkpoint is cut off at recovery, and the task goes on', async (t) => {
  const { master } = t.context;
  let agent = await agentFor(t);
  await master.runTask(agent.id, master.commandTask(agent.id, 'torn', 'sleep 1000'));
  await master.untilState('torn', 'TASK_RUNNING');
  await agent.kill('SIGKILL');
  const [updates] = findFiles(join(agent.workDir, 'meta'), 'task.updates');
  appendFileSync(updates!, '{"type":"UPDATE","update":{"framework_id":{"va');
  agent = await agentFor(t, { port: agent.port });
  t.regex(agent.output(), /cut off a torn last record/);
  await master.killTask(agent.id, 'torn', 0);
  t.is((await master.untilTerminal('torn')).state, 'TASK_KILLED');
});

test('a checkpoint that does not parse stops the start with one line naming the file, and changes nothing', async (t) => {
  const { master, h } = t.context;
  const agent = await agentFor(t);
  await master.runTask(agent.id, master.commandTask(agent.id, 'kept', 'sleep 1000'));
  await master.untilState('kept', 'TASK_RUNNING');
  await agent.kill('SIGKILL');
  const [info] = findFiles(join(agent.workDir, 'meta'), 'task.info');
  writeFileSync(info!, '{"name": 12}');
  const failed = await execa(AGENT_BIN, agentFlags(h, master, agent.port), { reject: false, env: { NODE_EXTRA_CA_CERTS: '' } });
  t.is(failed.exitCode, 1);
  t.is(failed.stderr.trim().split('\n').length, 1, failed.stderr);
  t.true(failed.stderr.includes(info!), failed.stderr);
  t.regex(failed.stderr, /^mesos-agent: checkpoint .* is unreadable: invalid TaskInfo: 'name' must be a string/);
  t.is(h.containerizer().containers()[0]!.state, 'running', 'the task was not touched');
});

test('--recover=cleanup destroys the running task and reports TASK_FAILED, AGENT_RESTARTED', async (t) => {
  const { master, h } = t.context;
  let agent = await agentFor(t);
  await master.runTask(agent.id, master.commandTask(agent.id, 'doomed', 'sleep 1000'));
  await master.untilState('doomed', 'TASK_RUNNING');
  agent = await restart(t, agent, ['--recover=cleanup']);
  t.deepEqual(brief(await master.untilTerminal('doomed')), { state: 'TASK_FAILED', source: 'SOURCE_AGENT', reason: 'REASON_AGENT_RESTARTED' });
  t.deepEqual(h.ours(), [], 'its processes are gone');
});

test('a changed boot id means every container is gone: TASK_LOST, AGENT_RESTARTED', async (t) => {
  const { master, h } = t.context;
  let agent = await agentFor(t, { env: { MESOS_AGENT_TEST_BOOT_ID: 'boot-1' } });
  await master.runTask(agent.id, master.commandTask(agent.id, 'rebooted', 'sleep 1000'));
  await master.untilState('rebooted', 'TASK_RUNNING');
  agent = await restart(t, agent, [], { MESOS_AGENT_TEST_BOOT_ID: 'boot-2' });
  const end = await master.untilTerminal('rebooted');
  t.deepEqual(brief(end), { state: 'TASK_LOST', source: 'SOURCE_AGENT', reason: 'REASON_AGENT_RESTARTED' });
  t.regex(end.message!, /rebooted/);
  t.deepEqual(h.ours(), [], 'nothing of the old boot is left running');
});

test('a framework without checkpointing: its task ends with the agent, and the restarted agent does not know it', async (t) => {
  const { master, h } = t.context;
  let agent = await agentFor(t);
  await master.runTask(agent.id, master.commandTask(agent.id, 'fleeting', 'sleep 1000'), { id: { value: 'fw-2' }, user: 'root', name: 'no checkpoint', checkpoint: false });
  await master.untilState('fleeting', 'TASK_RUNNING');
  const id = h.containerizer().containers()[0]!.container_id;
  await agent.kill('SIGKILL');
  const end = await h.containerizer().wait(id);
  t.is(end.signal, 9, 'the stub killed it when the agent died');
  t.deepEqual(findFiles(join(agent.workDir, 'meta'), 'framework.info'), [], 'nothing of it was checkpointed');
  agent = await agentFor(t, { port: agent.port });
  // The master asks about the task the agent did not report: the agent does not know it.
  t.deepEqual(brief(await master.untilTerminal('fleeting')), { state: 'TASK_LOST', source: 'SOURCE_AGENT', reason: 'REASON_RECONCILIATION' });
  await master.until('the dead container is forgotten', () => h.containerizer().containers().length === 0);
});

test('a master restart: a PING from the new master run makes the agent re-register with its running task', async (t) => {
  const { master } = t.context;
  const agent = await agentFor(t);
  await master.runTask(agent.id, master.commandTask(agent.id, 'steady', 'sleep 1000'));
  await master.untilState('steady', 'TASK_RUNNING');
  const before = master.registrations.length;
  await master.restart();
  const pong = await master.send(agent.id, 'PING', { connected: false });
  t.is(pong.status, 200);
  t.like(JSON.parse(pong.body), { type: 'PONG', pong: { registered: false, agent_id: { value: agent.id } } });
  await master.until('the agent re-registers', () => master.registrations.slice(before).some((r) => r.kind === 'reregistered'));
  const again = await master.send(agent.id, 'PING', { connected: true });
  t.like(JSON.parse(again.body), { pong: { registered: true } });
  await master.killTask(agent.id, 'steady', 0);
  t.is((await master.untilTerminal('steady')).state, 'TASK_KILLED');
});

test('messages from another master run get 409 and make the agent register again', async (t) => {
  const { master } = t.context;
  const agent = await agentFor(t);
  const stale = await fetch(`${agent.url}/internal/v1/agent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ version: 1, type: 'KILL_TASK', master_id: 'some-other-run', kill_task: { framework_id: { value: 'f' }, task_id: { value: 't' } } }),
  });
  t.is(stale.status, 409);
  const before = master.registrations.length;
  await master.until('the agent re-registers', () => master.registrations.length > before);
  t.is(master.registrations.at(-1)!.kind, 'reregistered');
});
