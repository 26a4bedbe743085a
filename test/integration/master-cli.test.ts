// mesos-master's command line: bad flags and an unreadable registry are one
// line and a non-zero exit with nothing left running; an Allocator module
// named by --allocator replaces DRF.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { ClusterContext } from '../helpers/cluster.js';
import { useCluster } from '../helpers/cluster.js';
import { MASTER_BIN } from '../helpers/master-process.js';

const test = anyTest as TestFn<ClusterContext>;
useCluster(test);

function master(args: string[]) {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const result = spawnSync(process.execPath, [MASTER_BIN, ...args], { env, encoding: 'utf8', timeout: 20_000 });
  return { code: result.status, stderr: result.stderr.trim(), stdout: result.stdout };
}

const FIFO = new URL('../../fixtures/modules/fifo-allocator.mjs', import.meta.url).pathname;

test('bad command lines and an unreadable registry: one line, a non-zero exit, nothing left listening', (t) => {
  const dir = mkdtempSync('/tmp/mct-master-cli-');
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const cases: Array<[string[], number, string]> = [
    [[], 2, 'mesos-master: Missing required argument: work_dir'],
    [[`--work_dir=${dir}`, '--agent_ping_timeout=soon'], 2, "mesos-master: invalid --agent_ping_timeout 'soon': expected a number and a unit (ms, s, m, h, d, w; or Mesos's secs, mins, hrs, days, weeks)"],
    [[`--work_dir=${dir}`, '--max_agent_ping_timeouts=0'], 2, 'mesos-master: --max_agent_ping_timeouts must be a whole number of at least 1 (got 0)'],
    [[`--work_dir=${dir}`, '--port=70000'], 2, 'mesos-master: --port must be at most 65535 (got 70000)'],
    [[`--work_dir=${dir}`, '--allocator=Nope'], 2, 'mesos-master: --allocator=Nope: no such allocator (built in: HierarchicalDRF; or name an Allocator module given with --modules)'],
    [[`--work_dir=${dir}`, '--bogus=1'], 2, 'mesos-master: Unknown argument: bogus'],
  ];
  for (const [args, code, line] of cases) t.like(master(args), { code, stderr: line }, args.join(' '));

  writeFileSync(join(dir, 'registry.json'), '{"version": 1, "agents": "many"}');
  const result = master([`--work_dir=${dir}`, '--port=0']);
  t.is(result.code, 1);
  t.is(result.stderr, `mesos-master: invalid registry ${join(dir, 'registry.json')}: 'agents' must be an array (move the file away to start with an empty registry: every agent then registers anew)`);
  t.is(result.stdout, '', 'it never listened');
});

test('--allocator names an Allocator module of --modules, which then makes the offers', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster([`--modules={"libraries":[{"file":"${FIFO}","modules":[{"name":"org_example_FifoAllocator"}]}]}`, '--allocator=org_example_FifoAllocator']);
  await cluster.agent();
  const first = await cluster.framework({ name: 'first' });
  const offer = await first.offer();
  await first.launch(offer, [{ task_id: { value: 'hog' } }]);
  const second = await cluster.framework({ name: 'second' });
  // What the first declines now, DRF would offer to the second (it holds nothing); FIFO offers it to the first again.
  const leftover = await first.offer();
  const offered = (f: typeof first, name: string) => f.client.next((e) => e.type === 'OFFERS').then(() => name, () => 'nobody');
  const next = Promise.race([offered(first, 'first'), offered(second, 'second')]);
  await first.client.decline([leftover.id.value], { refuse_seconds: 0 });
  t.is(await next, 'first');
  t.deepEqual(second.offers, []);
});

test('a registry that cannot be written stops the master (exit 1, one line): it never answers for what it could not record', async (t) => {
  const { cluster } = t.context;
  const master = await cluster.startMaster();
  mkdirSync(join(master.registryFile, 'in-the-way'), { recursive: true }); // registry.json is now a directory
  const agent = await cluster.agent({}, false);
  const registering = agent.register(5_000).catch((error: Error) => error);
  const code = await master.child.exitCode ?? await new Promise((resolve) => master.child.once('exit', resolve));
  t.is(code, 1);
  t.regex(master.stderr, new RegExp(`mesos-master: cannot write the registry ${master.registryFile}: .*\\n$`));
  t.true((await registering) instanceof Error, 'the agent was never told it is registered');
  t.false(agent.received.some((m) => m.type === 'AGENT_REGISTERED'));
});
