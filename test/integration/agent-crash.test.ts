// kill -9 of the agent at random points of a 200-task run, ten times, then a
// restart: at the master, every task has exactly one terminal update, in
// order after the others, none lost, none twice (updates are told apart by
// uuid: a resend is the same update).
import { setTimeout as sleep } from 'node:timers/promises';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { AgentContext } from '../helpers/agent-harness.js';
import { agentFor, useAgentHarness } from '../helpers/agent-harness.js';
import { rootOnly } from '../helpers/harness.js';
import { isTerminal } from '../../src/mesos/task-state.js';

const test = rootOnly(anyTest as TestFn<AgentContext>);
useAgentHarness(test);

const TASKS = 200;
const KILLS = 10;
const ORDER = ['TASK_STAGING', 'TASK_STARTING', 'TASK_RUNNING'] as const;

/** A repeatable pseudo-random sequence, so a failure can be replayed (seed printed). */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

test('ten kill -9 during 200 tasks: each task ends exactly once at the master, in order', async (t) => {
  t.timeout(180_000);
  const { master } = t.context;
  const seed = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);
  t.log(`seed ${seed} (CRASH_SEED=${seed} replays it)`);
  const next = random(seed);
  let agent = await agentFor(t);
  const ids = Array.from({ length: TASKS }, (_, i) => `t${i}`);
  const commands = ['true', 'exit 3', 'sleep 0.2', 'sleep 0.05; exit 0'];
  let sent = 0;
  for (let kill = 0; kill < KILLS; kill++) {
    const batch = TASKS / KILLS;
    // A batch goes to the agent, which is killed at a random point of its work
    // on it: launching, checkpointing, sending updates, taking acknowledgements.
    for (let i = 0; i < batch; i++, sent++) await master.runTask(agent.id, master.commandTask(agent.id, ids[sent]!, commands[sent % commands.length]!));
    await sleep(next() * 300);
    await agent.kill('SIGKILL');
    agent = await agentFor(t, { port: agent.port });
  }
  t.is(sent, TASKS);
  await master.until(
    'every task has a terminal update',
    () => ids.every((id) => master.statuses(id).some((s) => isTerminal(s.state))),
    120_000,
  );
  await sleep(500); // room for a wrong second terminal update to arrive
  const ends: Record<string, number> = {};
  for (const id of ids) {
    const states = master.states(id);
    const terminal = states.filter(isTerminal);
    t.is(terminal.length, 1, `${id}: ${states.join(' ')}`);
    t.true(isTerminal(states.at(-1)!), `${id}: the terminal update is the last (${states.join(' ')})`);
    const before = states.slice(0, -1).map((s) => ORDER.indexOf(s as (typeof ORDER)[number]));
    t.deepEqual(before, [...before].sort((a, b) => a - b), `${id}: in order (${states.join(' ')})`);
    t.false(before.includes(-1), `${id}: nothing but STARTING and RUNNING before the end`);
    const end = master.statuses(id).at(-1)!;
    ends[`${end.state}${end.reason ? `/${end.reason}` : ''}`] = (ends[`${end.state}${end.reason ? `/${end.reason}` : ''}`] ?? 0) + 1;
  }
  // Each uuid the master got is one update: a resend repeats it exactly.
  const byUuid = new Map<string, string>();
  for (const { update } of master.updates) {
    const text = JSON.stringify(update.status);
    t.is(byUuid.get(update.status.uuid!) ?? text, text);
    byUuid.set(update.status.uuid!, text);
  }
  t.log(`ends: ${JSON.stringify(ends)}; ${master.updates.length} updates received, ${byUuid.size} distinct`);
});
