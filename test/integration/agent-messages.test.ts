// The rest of what a master can tell an agent, and what hooks may do to
// its updates: kills of tasks it does not have, shutting a framework down,
// shutting the agent down, and hook modules decorating status updates.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { AgentContext } from '../helpers/agent-harness.js';
import { agentFor, useAgentHarness } from '../helpers/agent-harness.js';
import { rootOnly } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<AgentContext>);
useAgentHarness(test);

const brief = (s: { state: string; source?: string; reason?: string }) => ({ state: s.state, source: s.source, reason: s.reason });

test('a kill of a task the agent does not have: TASK_LOST from the agent, TASK_UNKNOWN', async (t) => {
  const { master } = t.context;
  const agent = await agentFor(t);
  await master.killTask(agent.id, 'ghost');
  t.deepEqual(brief(await master.untilTerminal('ghost')), { state: 'TASK_LOST', source: 'SOURCE_AGENT', reason: 'REASON_TASK_UNKNOWN' });
});

test('a killed task killed again, and an ended one killed: nothing more happens', async (t) => {
  const { master } = t.context;
  const agent = await agentFor(t);
  await master.runTask(agent.id, master.commandTask(agent.id, 'once', 'sleep 1000'));
  await master.untilState('once', 'TASK_RUNNING');
  await master.killTask(agent.id, 'once', 0);
  await master.killTask(agent.id, 'once', 0);
  await master.untilTerminal('once');
  await master.killTask(agent.id, 'once', 0);
  await master.runTask(agent.id, master.commandTask(agent.id, 'marker', 'true'));
  await master.untilTerminal('marker');
  t.deepEqual(master.states('once'), ['TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLED']);
});

test("SHUTDOWN_FRAMEWORK ends the framework's tasks without updates and forgets them, checkpoint included", async (t) => {
  const { master, h } = t.context;
  const agent = await agentFor(t);
  await master.runTask(agent.id, master.commandTask(agent.id, 'a', 'sleep 1000'));
  await master.runTask(agent.id, master.commandTask(agent.id, 'b', 'sleep 1000'));
  // Both running: a's TASK_RUNNING may arrive after b's.
  await master.untilState('a', 'TASK_RUNNING');
  await master.untilState('b', 'TASK_RUNNING');
  const before = master.updates.length;
  t.is((await master.send(agent.id, 'SHUTDOWN_FRAMEWORK', { framework_id: { value: 'fw-1' } })).status, 202);
  await master.until('the tasks are gone', () => h.ours().length === 0);
  const frameworks = join(agent.workDir, 'meta/slaves', agent.id, 'frameworks');
  await master.until('its checkpoint is gone', () => !existsSync(join(frameworks, 'fw-1')));
  const state = (await (await fetch(`${agent.url}/state`)).json()) as { frameworks: unknown[] };
  t.deepEqual(state.frameworks, []);
  t.is(master.updates.length, before, 'no update for tasks of a framework that is gone');
});

test('SHUTDOWN_AGENT: every task ends, the agent forgets its id and exits', async (t) => {
  const { master, h } = t.context;
  const agent = await agentFor(t);
  await master.runTask(agent.id, master.commandTask(agent.id, 'held', 'sleep 1000'));
  await master.untilState('held', 'TASK_RUNNING');
  await master.send(agent.id, 'SHUTDOWN_AGENT', { message: 'removed by the test' });
  const exit = await agent.process;
  t.is(exit.exitCode, 0);
  t.deepEqual(h.ours(), []);
  t.false(readdirSync(join(agent.workDir, 'meta/slaves')).includes('latest'), 'the next start registers a new agent');
  const again = await agentFor(t, { port: agent.port });
  t.not(again.id, agent.id);
});

test('a hook module decorates every status update with labels; the rest stays as the agent made it', async (t) => {
  const { master } = t.context;
  const hook = new URL('../../fixtures/modules/label-hook.mjs', import.meta.url).pathname;
  const modules = JSON.stringify({ libraries: [{ file: hook, modules: [{ name: 'org_example_LabelHook', parameters: [{ key: 'label', value: 'seen-by' }] }] }] });
  const agent = await agentFor(t, { flags: [`--modules=${modules}`] });
  await master.runTask(agent.id, master.commandTask(agent.id, 'hooked', 'echo "$HOOKED"'));
  await master.untilTerminal('hooked');
  for (const status of master.statuses('hooked')) {
    t.deepEqual(status.labels, { labels: [{ key: 'seen-by', value: status.state }] });
    t.is(status.task_id.value, 'hooked');
  }
});

test('restarted with other resources in reconnect mode, the agent refuses to start, naming the difference', async (t) => {
  const { master } = t.context;
  const agent = await agentFor(t);
  await agent.kill('SIGKILL');
  const { execa } = await import('execa');
  const { agentFlags, AGENT_BIN } = await import('../helpers/agent-process.js');
  const flags = agentFlags(t.context.h, master, agent.port).map((f) => (f.startsWith('--resources=') ? '--resources=cpus:1;mem:512;disk:4096;ports:[31000-32000]' : f));
  const result = await execa(AGENT_BIN, flags, { reject: false, env: { NODE_EXTRA_CA_CERTS: '' } });
  t.is(result.exitCode, 1);
  t.regex(result.stderr, /^mesos-agent: incompatible agent info: agent .* was checkpointed with other settings \(resources cpus:2;mem:1024;disk:4096;ports:\[31000-32000\] -> cpus:1;mem:512;disk:4096;ports:\[31000-32000\]\); start with the old ones, or remove .*\/meta\/slaves\/latest to start as a new agent\n?$/);
});
