// The agent's HTTP endpoints: /health, /state, /metrics/snapshot, and the
// sandbox files API confined to sandboxes, whatever the task put in them.
import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { AgentContext } from '../helpers/agent-harness.js';
import { agentFor, useAgentHarness } from '../helpers/agent-harness.js';
import { eventually } from '../helpers/eventually.js';
import { rootOnly } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<AgentContext>);
useAgentHarness(test);

async function get(url: string): Promise<{ status: number; json: unknown; text: string }> {
  const response = await fetch(url);
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

interface State {
  id: string;
  resources: Record<string, unknown>;
  frameworks: Array<{ id: string; executors: Array<{ id: string; directory: string; tasks: Array<{ id: string; state: string; statuses: Array<Record<string, unknown>> }> }> }>;
}

test('/health, /state and /metrics/snapshot describe the agent and its tasks with their last status', async (t) => {
  const { master } = t.context;
  const agent = await agentFor(t);
  t.is((await get(`${agent.url}/health`)).status, 200);
  await master.runTask(agent.id, master.commandTask(agent.id, 'shown', 'sleep 1000'));
  await master.untilState('shown', 'TASK_RUNNING');
  const state = (await get(`${agent.url}/state`)).json as State;
  t.is(state.id, agent.id);
  t.deepEqual(state.resources, { cpus: 2, mem: 1024, disk: 4096, ports: '[31000-32000]' });
  const task = state.frameworks[0]!.executors[0]!.tasks[0]!;
  t.like(task, { id: 'shown', state: 'TASK_RUNNING' });
  t.like(task.statuses.at(-1), { state: 'TASK_RUNNING', source: 'SOURCE_EXECUTOR', task_id: { value: 'shown' } });
  t.regex(state.frameworks[0]!.executors[0]!.directory, new RegExp(`/slaves/${agent.id}/frameworks/fw-1/executors/shown/runs/[0-9a-f-]{36}$`));
  const metrics = (await get(`${agent.url}/metrics/snapshot`)).json as Record<string, number>;
  t.like(metrics, { 'slave/registered': 1, 'slave/tasks_running': 1, 'slave/tasks_finished': 0, 'slave/cpus_total': 2, 'slave/cpus_used': 0.1, 'slave/mem_used': 32, 'slave/status_updates_pending': 0 });
  t.is((await fetch(`${agent.url}/state`, { method: 'POST' })).status, 405);
  t.is((await get(`${agent.url}/nothing-here`)).status, 404);
});

test('/files/browse and /files/read show a sandbox; nothing outside it, however the task tries', async (t) => {
  const { master } = t.context;
  const agent = await agentFor(t);
  const script = [
    'echo hello from the task',
    'ln -s /etc/shadow secret',
    'ln -s / root',
    'mkfifo pipe',
    'mkdir -p sub && echo deep > sub/file',
    'touch ready',
    'sleep 1000',
  ].join('; ');
  await master.runTask(agent.id, master.commandTask(agent.id, 'files', script));
  await master.untilState('files', 'TASK_RUNNING');
  const state = (await get(`${agent.url}/state`)).json as State;
  const sandbox = state.frameworks[0]!.executors[0]!.directory;
  // The task makes its files once it runs: wait for the last one.
  for (let i = 0; (await get(`${agent.url}/files/read?path=${sandbox}/ready&offset=-1`)).status !== 200; i++) {
    if (i > 500) throw new Error('the task never made its files');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  const listing = (await get(`${agent.url}/files/browse?path=${encodeURIComponent(sandbox)}`)).json as Array<{ path: string; mode: string; size: number; uid: string }>;
  const names = listing.map((e) => e.path.slice(sandbox.length + 1));
  t.true(['stdout', 'stderr', 'secret', 'pipe', 'sub'].every((n) => names.includes(n)), names.join(' '));
  t.like(listing.find((e) => e.path.endsWith('/stdout')), { mode: '-rw-r--r--', uid: 'root' });
  t.regex(listing.find((e) => e.path.endsWith('/secret'))!.mode, /^l/);
  t.regex(listing.find((e) => e.path.endsWith('/pipe'))!.mode, /^p/);

  const read = (await get(`${agent.url}/files/read?path=${encodeURIComponent(`${sandbox}/stdout`)}&offset=0`)).json;
  t.deepEqual(read, { data: 'hello from the task\n', offset: 0, length: 20 });
  t.deepEqual((await get(`${agent.url}/files/read?path=${sandbox}/stdout&offset=-1`)).json, { data: '', offset: 20, length: 0 }, 'offset -1 gives the size');
  t.deepEqual((await get(`${agent.url}/files/read?path=${sandbox}/stdout&offset=6&length=4`)).json, { data: 'from', offset: 6, length: 4 });
  t.deepEqual((await get(`${agent.url}/files/read?path=${sandbox}/sub/file&offset=0`)).json, { data: 'deep\n', offset: 0, length: 5 });

  const refused: Array<[string, number]> = [
    ['/etc/passwd', 404],
    [`${sandbox}/../../../../../../../../etc/passwd`, 404],
    [`${sandbox}/secret`, 403],
    [`${sandbox}/root/etc/passwd`, 403],
    [`${sandbox}/pipe`, 400],
    [`${sandbox}/sub`, 400],
    [`${sandbox}/missing`, 404],
    ['relative/path', 400],
  ];
  for (const [path, status] of refused) {
    const answer = await get(`${agent.url}/files/read?path=${encodeURIComponent(path)}&offset=0`);
    t.is(answer.status, status, `${path}: ${answer.text}`);
    t.false(answer.text.includes('root:'), 'no byte of a file outside leaks');
  }
  t.is((await get(`${agent.url}/files/browse?path=${encodeURIComponent(`${sandbox}/root`)}`)).status, 403);
  t.is((await get(`${agent.url}/files/browse`)).status, 400);
  t.is((await get(`${agent.url}/files/read?path=${sandbox}/stdout&offset=x`)).status, 400);
});

interface ContainerState {
  frameworks: Array<{ executors: Array<{ id: string; container: string; container_status: Record<string, unknown> | null }> }>;
  completed_frameworks: Array<{ completed_executors: Array<{ id: string; container: string; container_status: Record<string, unknown> | null }> }>;
}

test("/state shows each task's container as it is now: state, pid (its init, alive), isolation, limits; an ended task's once its end is acknowledged is forgotten", async (t) => {
  const { master } = t.context;
  const agent = await agentFor(t);
  await master.runTask(agent.id, master.commandTask(agent.id, 'held', 'sleep 1000'));
  await master.runTask(agent.id, master.commandTask(agent.id, 'brief', 'true'));
  await master.untilState('held', 'TASK_RUNNING');
  await master.untilState('brief', 'TASK_FINISHED');
  const state = (await get(`${agent.url}/state`)).json as ContainerState;
  const held = state.frameworks.flatMap((f) => f.executors).find((e) => e.id === 'held')!;
  t.like(held.container_status, { container_id: held.container, state: 'running', resources: { cpus: 0.1, mem: 32 } });
  t.deepEqual(held.container_status!.isolation, ['namespaces/pid', 'filesystem/shared']);
  const pid = held.container_status!.pid as number;
  t.true(Number.isInteger(pid) && pid > 1);
  t.notThrows(() => process.kill(pid, 0), 'the pid shown is a live process');
  const brief = (await eventually(async () => {
    const s = (await get(`${agent.url}/state`)).json as ContainerState;
    return s.completed_frameworks.flatMap((f) => f.completed_executors).find((e) => e.id === 'brief');
  }, 'the ended task to be completed'))!;
  t.is(brief.container_status, null, 'its record is gone once its end was acknowledged; the sandbox stays');
});
