// Shutting a framework (or the agent) down while one of its tasks is about
// to launch: the launch must not go on after the shutdown has destroyed
// what it knew of, or its container would run on, known to nobody. A hook
// that takes 2 s over TASK_STARTING holds each task in that window (the
// task has its runner, its container is not claimed yet).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { AgentContext } from '../helpers/agent-harness.js';
import { agentFor, useAgentHarness } from '../helpers/agent-harness.js';
import { rootOnly } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<AgentContext>);
useAgentHarness(test);

const HOOK = new URL('../../fixtures/modules/slow-status-hook.mjs', import.meta.url).pathname;
const SLOW_STARTING = `--modules=${JSON.stringify({ libraries: [{ file: HOOK, modules: [{ name: 'org_example_SlowStatusHook', parameters: [{ key: 'delay_ms', value: '2000' }] }] }] })}`;

test('SHUTDOWN_FRAMEWORK while its tasks are about to launch or wait their turn: no container runs, nothing of it is kept', async (t) => {
  const { master, h } = t.context;
  const agent = await agentFor(t, { flags: [SLOW_STARTING] });
  // Eight start at once (the agent's launch slots), each held in the hook;
  // the last two wait their turn. All accepted: each has its entry in the table.
  for (let i = 0; i < 10; i++) await master.runTask(agent.id, master.commandTask(agent.id, `late-${i}`, 'sleep 1000'));
  t.is((await master.send(agent.id, 'SHUTDOWN_FRAMEWORK', { framework_id: { value: 'fw-1' } })).status, 202);
  await sleep(5000); // the hooks are done, the waiting ones had their turn: a launch that went on would run by now
  t.deepEqual(h.ours(), [], 'no process of its tasks runs');
  t.deepEqual(h.containerizer().containers(), [], 'no container is known to the run directory');
  t.false(existsSync(join(agent.workDir, 'meta/slaves', agent.id, 'frameworks', 'fw-1')), 'its checkpoint is gone, and not made again');
  const state = (await (await fetch(`${agent.url}/state`)).json()) as { frameworks: unknown[] };
  t.deepEqual(state.frameworks, []);
});

test('SHUTDOWN_AGENT while a task is about to launch: its container never runs', async (t) => {
  const { master, h } = t.context;
  const agent = await agentFor(t, { flags: [SLOW_STARTING] });
  await master.runTask(agent.id, master.commandTask(agent.id, 'late', 'sleep 1000'));
  // Accepted: its runner exists, and its TASK_STARTING is in the hook for 2 s.
  await master.send(agent.id, 'SHUTDOWN_AGENT', { message: 'removed by the test' });
  t.is((await agent.process).exitCode, 0);
  t.deepEqual(h.ours(), [], 'no process of the task runs');
  t.false(existsSync(join(h.runtimeDir, 'containers')) && h.containerizer().containers().some((c) => c.state === 'running'), 'no container runs');
});
