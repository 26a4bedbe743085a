// The agent's garbage collector with real tasks: an ended, acknowledged
// task's sandbox and checkpoint go gc_delay later while a running task's
// stay; the files API then says 404 and /state still lists the task; a
// restart collects what the last run left; a full disk prunes at once; and a
// link a task planted is removed, never followed.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import anyTest from 'ava';
import type { ExecutionContext, TestFn } from 'ava';
import { execa } from 'execa';

import type { AgentContext } from '../helpers/agent-harness.js';
import { agentFor, useAgentHarness } from '../helpers/agent-harness.js';
import { agentState, metaRunDir, sandboxOf } from '../helpers/agent-dirs.js';
import { eventually } from '../helpers/eventually.js';
import { rootOnly, withHostMountTable } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<AgentContext>);
useAgentHarness(test);

type Agent = Awaited<ReturnType<typeof agentFor>>;

const metrics = async (agent: Agent): Promise<Record<string, number>> => (await (await fetch(`${agent.url}/metrics/snapshot`)).json()) as Record<string, number>;

/** Runs a task to its end (the fake master acknowledges every update); returns its sandbox and checkpoint run dir. */
async function runToEnd(t: ExecutionContext<AgentContext>, agent: Agent, taskId: string, command: string): Promise<{ sandbox: string; meta: string }> {
  const { master } = t.context;
  await master.runTask(agent.id, master.commandTask(agent.id, taskId, command));
  await master.untilTerminal(taskId);
  const sandbox = await eventually(() => sandboxOf(agent.url, taskId), `the sandbox of ${taskId} in /state`);
  return { sandbox, meta: metaRunDir(agent.workDir, sandbox) };
}

const gone = (...paths: string[]): boolean => paths.every((p) => !existsSync(p));

/** The GC's metrics say `expected`, once settled: a removal is counted a moment after its directory is gone. */
async function expectMetrics(t: ExecutionContext<AgentContext>, agent: Agent, expected: Record<string, number>): Promise<void> {
  let last: Record<string, number> = {};
  const settled = async (): Promise<boolean> => {
    last = await metrics(agent);
    return Object.entries(expected).every(([name, value]) => last[name] === value);
  };
  await eventually(settled, `the GC's metrics to say ${JSON.stringify(expected)}`, 15_000).catch(() => undefined);
  t.like(last, expected);
}

test('--gc_delay=1secs: an ended task\'s sandbox and checkpoint go; a running task\'s stay; /files says 404, /state keeps the task', async (t) => {
  const { master } = t.context;
  const agent = await agentFor(t, { flags: ['--gc_delay=1secs'] });
  await master.runTask(agent.id, master.commandTask(agent.id, 'long', "trap 'exit 0' TERM; echo running > out; while :; do sleep 0.1; done"));
  await master.untilState('long', 'TASK_RUNNING');
  const longSandbox = (await sandboxOf(agent.url, 'long'))!;
  const { sandbox, meta } = await runToEnd(t, agent, 'done', 'echo hello > out');
  t.true(existsSync(join(sandbox, 'out')) || gone(sandbox), 'the sandbox was there');
  await eventually(() => gone(sandbox, meta, dirname(dirname(sandbox)), dirname(dirname(meta))), 'the ended task\'s run and executor dirs to be collected', 15_000);
  t.is(readFileSync(join(longSandbox, 'out'), 'utf8'), 'running\n', 'the running task\'s sandbox is still there, after the delay');
  t.true(existsSync(metaRunDir(agent.workDir, longSandbox)));
  t.true(existsSync(dirname(dirname(dirname(dirname(sandbox))))), 'the framework dir stays while a task of it runs');
  const browse = await fetch(`${agent.url}/files/browse?path=${encodeURIComponent(sandbox)}`);
  t.is(browse.status, 404);
  t.is((await fetch(`${agent.url}/files/browse?path=${encodeURIComponent(longSandbox)}`)).status, 200);
  t.is(await sandboxOf(agent.url, 'done'), sandbox, '/state still lists the completed task, with its (gone) directory');
  await expectMetrics(t, agent, { 'gc/path_removals_succeeded': 4, 'gc/path_removals_failed': 0, 'gc/path_removals_pending': 0 });

  // The last task of the framework ends: the framework's directories go too.
  await master.killTask(agent.id, 'long');
  await master.untilTerminal('long');
  const frameworkDir = dirname(dirname(dirname(dirname(longSandbox))));
  await eventually(() => gone(longSandbox, frameworkDir, metaRunDir(agent.workDir, frameworkDir)), 'the framework dirs to be collected', 15_000);
  t.true(existsSync(join(agent.workDir, 'meta', 'slaves', agent.id, 'slave.info')), 'the agent\'s own checkpoint stays');
  // A path removed with its parent is dropped from the schedule when its own time comes.
  await expectMetrics(t, agent, { 'gc/path_removals_failed': 0, 'gc/path_removals_pending': 0 });
  const completed = (await agentState(agent.url)).completed_frameworks.flatMap((f) => (f.completed_executors ?? []).map((e) => e.id));
  t.deepEqual(completed.sort(), ['done', 'long'], '/state lists both ended tasks');
});

test('a link a task planted in its sandbox is removed with it; what it points to stays', async (t) => {
  const outside = mkdtempSync(join(tmpdir(), 'mct-gc-outside-'));
  t.teardown(() => rmSync(outside, { recursive: true, force: true }));
  writeFileSync(join(outside, 'precious'), 'keep me');
  mkdirSync(join(outside, 'dir'));
  writeFileSync(join(outside, 'dir', 'inside'), 'keep me too');
  const agent = await agentFor(t, { flags: ['--gc_delay=1secs'] });
  const { sandbox } = await runToEnd(t, agent, 'planter', `ln -s ${outside}/precious file-link && ln -s ${outside}/dir dir-link && mkdir sub && ln -s ${outside} sub/up && ln -s / root`);
  await eventually(() => gone(sandbox), 'the sandbox to be collected', 15_000);
  t.is(readFileSync(join(outside, 'precious'), 'utf8'), 'keep me');
  t.is(readFileSync(join(outside, 'dir', 'inside'), 'utf8'), 'keep me too');
  t.like(await metrics(agent), { 'gc/path_removals_failed': 0 });
});

test('restart: what the last run left is scheduled from its mtime: a delay passed meanwhile collects it, a fresh one keeps it', async (t) => {
  let agent = await agentFor(t);
  const old = await runToEnd(t, agent, 'old', 'echo hello > out');
  const recent = await runToEnd(t, agent, 'recent', 'echo hello > out');
  await eventually(async () => (await metrics(agent))['gc/path_removals_pending'] === 10, 'their dirs to be scheduled (run and executor dirs of each, the framework dirs)');
  t.true(existsSync(join(old.sandbox, 'out')), 'a week away: still there');
  await agent.kill('SIGKILL');
  // As if "old" had ended two hours ago: its run and executor dirs, in both trees.
  const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
  for (const run of [old.sandbox, old.meta]) for (const dir of [run, dirname(dirname(run))]) utimesSync(dir, twoHoursAgo, twoHoursAgo);
  agent = await agentFor(t, { port: agent.port, flags: ['--gc_delay=1hrs'] });
  await eventually(() => gone(old.sandbox, old.meta, dirname(dirname(old.sandbox)), dirname(dirname(old.meta))), 'the dirs whose hour has passed to be collected after the restart', 15_000);
  t.true(existsSync(join(recent.sandbox, 'out')) && existsSync(recent.meta), 'those let go a moment ago stay (an hour away)');
  await expectMetrics(t, agent, { 'gc/path_removals_succeeded': 4, 'gc/path_removals_failed': 0, 'gc/path_removals_pending': 6 });
  t.true(existsSync(join(agent.workDir, 'meta', 'slaves', agent.id, 'slave.info')), 'the agent\'s own checkpoint stays');
});

test('a full disk: the disk watch prunes at once what a long --gc_delay would keep', async (t) => {
  const { h } = t.context;
  // A mount on the host: one test at a time across files changes or compares the host's mount table.
  await withHostMountTable(async () => {
    const workDir = join(h.root, 'agent');
    mkdirSync(workDir, { recursive: true });
    await execa('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', workDir]);
    let agent: Agent | undefined;
    try {
      agent = await agentFor(t, { flags: ['--gc_delay=1weeks', '--gc_disk_headroom=0.5', '--disk_watch_interval=100ms'] });
      const { sandbox, meta } = await runToEnd(t, agent, 'filler', 'head -c 10485760 /dev/zero > big');
      await eventually(() => gone(sandbox, meta), 'the disk watch to prune the sandbox', 30_000).catch((error: unknown) => {
        t.log(agent!.output().split('\n').filter((line) => /gc|disk|remov|prune/i.test(line)).slice(-20).join('\n'));
        throw error;
      });
      const pruned = agent;
      const after = await eventually(async () => {
        const now = await metrics(pruned);
        return (now['gc/path_removals_succeeded'] ?? 0) >= 2 && now;
      }, 'the removals to be counted', 15_000);
      t.is(after['gc/path_removals_failed'], 0);
      const { stdout } = await execa('df', ['--output=pcent', workDir]);
      t.true(Number(stdout.split('\n')[1]!.trim().replace('%', '')) < 50, `the disk has room again: ${stdout}`);
    } finally {
      await agent?.kill();
      const unmounted = await execa('umount', [workDir], { reject: false });
      if (unmounted.exitCode !== 0) await execa('umount', ['-l', workDir], { reject: false });
    }
  });
});

test('a task started again under the id of an ended one keeps its executor and framework dirs off the schedule', async (t) => {
  const { master } = t.context;
  const agent = await agentFor(t, { flags: ['--gc_delay=2secs'] });
  const first = await runToEnd(t, agent, 'again', 'echo first > out');
  await master.runTask(agent.id, master.commandTask(agent.id, 'again', "trap 'exit 0' TERM; echo second > out; while :; do sleep 0.1; done"));
  const second = await eventually(async () => {
    const sandbox = await sandboxOf(agent.url, 'again');
    return sandbox !== first.sandbox && sandbox;
  }, 'the second run in /state');
  await eventually(() => gone(first.sandbox, first.meta), 'the first run to be collected', 15_000);
  t.is(readFileSync(join(second, 'out'), 'utf8'), 'second\n', 'the second run, in the same executor dir, is untouched');
  await expectMetrics(t, agent, { 'gc/path_removals_succeeded': 2, 'gc/path_removals_failed': 0, 'gc/path_removals_pending': 0 });
});

test('SHUTDOWN_FRAMEWORK: the framework\'s sandboxes, running a moment ago, are collected after --gc_delay', async (t) => {
  const { master, h } = t.context;
  const agent = await agentFor(t, { flags: ['--gc_delay=1secs'] });
  await master.runTask(agent.id, master.commandTask(agent.id, 'a', 'echo a > out; sleep 1000'));
  await master.untilState('a', 'TASK_RUNNING');
  const sandbox = (await sandboxOf(agent.url, 'a'))!;
  const frameworkDir = dirname(dirname(dirname(dirname(sandbox))));
  t.is((await master.send(agent.id, 'SHUTDOWN_FRAMEWORK', { framework_id: { value: 'fw-1' } })).status, 202);
  await master.until('the task is gone', () => h.ours().length === 0);
  await eventually(() => gone(sandbox, frameworkDir), 'the framework\'s sandbox tree to be collected', 15_000);
  await expectMetrics(t, agent, { 'gc/path_removals_failed': 0, 'gc/path_removals_pending': 0 });
});
