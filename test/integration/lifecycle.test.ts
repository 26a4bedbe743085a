// The lifecycle with real processes, cgroups and CLI processes (issue 10):
// every entry is findable, destroyable and forgettable whatever state a
// crash left it in; a destroy during launch stops the launch; concurrent
// destroys claim the end once; answers say only what was seen.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import { readCgroupMounts } from '../../src/cgroups/mounts.js';
import type { Harness, HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

const fixtures = new URL('../../fixtures/modules/', import.meta.url).pathname;
const lifecycleModule = (parameters: Array<{ key: string; value: string }> = []): string =>
  `--modules=${JSON.stringify({ libraries: [{ file: join(fixtures, 'lifecycle-isolator.mjs'), modules: [{ name: 'org_test_LifecycleIsolator', parameters }] }] })}`;
const WITH_MODULE = '--isolation=namespaces/pid,org_test_LifecycleIsolator';

async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await sleep(25);
  }
  throw new Error(`timed out waiting until ${what}`);
}

async function status(h: Harness, id: string): Promise<Record<string, unknown>> {
  const r = await h.cli(['status', `--container_id=${id}`]);
  return r.exitCode === 0 ? (JSON.parse(String(r.stdout)) as Record<string, unknown>) : { error: String(r.stderr) };
}

/** An HTTP server whose response never ends: a launch that fetches from it stays in its fetch step. */
async function endlessServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    response.write('a first chunk, then nothing more');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/artifact`, server };
}

test('an entry made by hand (no record) is readable, destroyable and forgettable; then its id can be launched', async (t) => {
  const { h } = t.context;
  mkdirSync(join(h.runtimeDir, 'containers', 'X'), { recursive: true });
  t.like(await status(h, 'X'), { container_id: 'X', state: 'torn' });
  t.regex(String((await h.cli(['list'])).stdout), /^X\s+torn\s/m);
  const again = await h.cli(['launch', '--container_id=X', '--', 'true']);
  t.is(again.exitCode, 125);
  t.regex(String(again.stderr), /forget it with `mesos-containerizer gc --container_id=X`/);
  const destroyed = await h.cli(['destroy', '--container_id=X']);
  t.is(destroyed.exitCode, 0, String(destroyed.stderr));
  t.like(JSON.parse(String(destroyed.stdout)), { outcome: 'already_ended', exit_code: null, signal: null });
  const gc = await h.cli(['gc', '--container_id=X']);
  t.is(gc.exitCode, 0, String(gc.stderr));
  t.like(JSON.parse(String(gc.stdout)), { removed: [{ container_id: 'X' }] });
  t.is((await h.cli(['launch', '--container_id=X', '--', 'true'])).exitCode, 0);
});

test('a half-written record does not poison the id: status says torn, gc forgets it', async (t) => {
  const { h } = t.context;
  t.is((await h.cli(['launch', '--container_id=half', '--', 'true'])).exitCode, 0);
  writeFileSync(join(h.runtimeDir, 'containers', 'half', 'state.json'), '{"format":2,"containerId":"ha');
  t.like(await status(h, 'half'), { state: 'torn', message: 'exit status unknown: state.json is not JSON (half written?)' });
  t.is((await h.cli(['destroy', '--container_id=half'])).exitCode, 0);
  t.is((await h.cli(['gc'])).exitCode, 0);
  t.false(existsSync(join(h.runtimeDir, 'containers', 'half')));
});

test('eight concurrent CLI destroys: exactly one says destroyed, the others already_destroyed', async (t) => {
  const { h } = t.context;
  t.is((await h.cli(['launch', '--container_id=crowd', '--detach', '--', 'sh', '-c', 'sleep 1000 & sleep 1000'])).exitCode, 0);
  const results = await Promise.all(Array.from({ length: 8 }, () => h.cli(['destroy', '--container_id=crowd'])));
  t.deepEqual(results.map((r) => r.exitCode), [0, 0, 0, 0, 0, 0, 0, 0], results.map((r) => String(r.stderr)).join('\n'));
  const outcomes = results.map((r) => JSON.parse(String(r.stdout)).outcome as string).sort();
  t.deepEqual(outcomes, ['already_destroyed', 'already_destroyed', 'already_destroyed', 'already_destroyed', 'already_destroyed', 'already_destroyed', 'already_destroyed', 'destroyed']);
  t.deepEqual(h.ours(), []);
});

test('a destroy while the launch is still fetching stops it: launch says so and fails, the record says destroyed during launch, nothing is left', async (t) => {
  const { h } = t.context;
  const { url, server } = await endlessServer();
  try {
    const launching = h.cli(['launch', '--container_id=early', `--uri=${url}`, '--', 'touch', join(h.root, 'ran')]);
    await until('the launch is fetching', async () => (await status(h, 'early')).state === 'launching');
    const destroyed = await h.cli(['destroy', '--container_id=early', '--timeout=20']);
    t.is(destroyed.exitCode, 0, String(destroyed.stderr));
    t.like(JSON.parse(String(destroyed.stdout)), { outcome: 'destroyed', destroyed: true, killed_during_launch: true, exit_code: null, signal: null, message: 'destroyed during launch: the task never started' });
    const launch = await launching;
    t.is(launch.exitCode, 125);
    t.is(String(launch.stderr), "mesos-containerizer: container 'early' was destroyed during launch: the task never started");
    t.like(await status(h, 'early'), { state: 'exited', killed_during_launch: true, destroyed: true, cleaned_up: true });
    t.false(existsSync(join(h.root, 'ran')), 'the task never ran');
    t.false(existsSync(h.sandbox('early')), 'what the launch made is undone');
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('in the library, the launch request\'s AbortSignal stops a fetch at once and the launch rejects with LAUNCH_ABORTED', async (t) => {
  const { h } = t.context;
  const { url, server } = await endlessServer();
  try {
    const c = h.containerizer();
    const controller = new AbortController();
    const launching = c.launch({ containerId: 'lib', command: { value: 'true', uris: [{ value: url }] }, signal: controller.signal });
    const state = (): string | undefined => c.containers().find((s) => s.container_id === 'lib')?.state;
    await until('the launch is fetching', () => state() === 'launching');
    controller.abort();
    await t.throwsAsync(launching, { code: 'LAUNCH_ABORTED' } as never);
    t.like(c.status('lib'), { state: 'exited', killed_during_launch: true });
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('a launch killed mid-way is abandoned: status shows what it made, recover --cleanup frees it entirely', async (t) => {
  const { h } = t.context;
  const { url, server } = await endlessServer();
  try {
    const launching = h.cli(['launch', '--container_id=orphaned', `--uri=${url}`, '--', 'true'], { stdout: 'ignore', stderr: 'ignore' });
    await until('the launch is fetching', async () => (await status(h, 'orphaned')).state === 'launching');
    launching.kill('SIGKILL');
    await launching;
    const seen = await status(h, 'orphaned');
    t.like(seen, { state: 'abandoned', made: { sandbox: h.sandbox('orphaned') } });
    t.is((seen.made as { cgroups: string[] }).cgroups.length, 1);
    t.regex(String(seen.message), /^abandoned during launch: its launcher \(pid \d+\) went away before the task started$/);
    const report = await h.cli(['recover', '--cleanup']);
    t.is(report.exitCode, 0, String(report.stderr));
    t.like(JSON.parse(String(report.stdout)), { containers: [{ container_id: 'orphaned', state: 'abandoned', cleaned_up: true, removed: true }], orphan_cgroups: [], errors: [] });
    t.false(existsSync(join(h.runtimeDir, 'containers', 'orphaned')));
    t.false(existsSync(h.sandbox('orphaned')));
    t.false(existsSync((seen.made as { cgroups: string[] }).cgroups[0]!));
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('a container whose end nobody saw (its monitor was killed) is not reported as killed by SIGKILL', async (t) => {
  const { h } = t.context;
  const launched = JSON.parse(String((await h.cli(['launch', '--container_id=blind', '--detach', '--', 'sleep', '1000'])).stdout)) as { pid: number };
  const monitor = Number(readFileSync(`/proc/${launched.pid}/stat`, 'latin1').split(') ')[1]!.split(' ')[1]);
  process.kill(monitor, 'SIGKILL');
  const r = await h.cli(['destroy', '--container_id=blind']);
  t.is(r.exitCode, 0, String(r.stderr));
  const end = JSON.parse(String(r.stdout));
  t.like(end, { outcome: 'destroyed', exit_code: null, signal: null, finished_at: null });
  t.is(end.message, `destroyed: exit status unknown: its end was not recorded (its monitor, pid ${monitor}, is gone)`);
});

const hierarchies = readCgroupMounts();
for (const hierarchy of ['v2', 'v1'] as const) {
  const root = hierarchy === 'v2' ? hierarchies.find((m) => m.version === 2) : hierarchies.find((m) => m.controllers.includes('freezer'));
  (root ? test : test.skip)(`without a pid namespace, a root task that moved itself out of its cgroup (${hierarchy}) does not survive destroy`, async (t) => {
    const { h } = t.context;
    const marker = join(h.root, 'escaped');
    const escape = `sleep 1000 & echo $! > ${root!.mountPoint}/cgroup.procs && echo $! > ${marker}; sleep 1000`;
    t.is((await h.cli(['launch', '--container_id=escapee', '--isolation=posix/cpu', `--cgroups_hierarchy=${hierarchy}`, '--detach', '--', 'sh', '-c', escape])).exitCode, 0);
    await until('the task ran', () => existsSync(marker) || h.ours().length >= 3);
    if (existsSync(marker)) {
      const pid = readFileSync(marker, 'utf8').trim();
      t.false(readFileSync(`/proc/${pid}/cgroup`, 'utf8').includes(h.cgroupsRoot), 'precondition: it left the container\'s cgroup');
    } else {
      t.log('the escape was refused (containment): destroy is checked all the same');
    }
    const r = await h.cli(['destroy', '--container_id=escapee']);
    t.is(r.exitCode, 0, String(r.stderr));
    t.like(JSON.parse(String(r.stdout)), { outcome: 'destroyed' });
    t.deepEqual(h.ours(), [], 'nothing of it is left');
  });
}

test('an isolator whose module is not loaded by the destroying process stays pending until one that has it cleans up', async (t) => {
  const { h } = t.context;
  t.is((await h.cli(['launch', '--container_id=pending', lifecycleModule(), WITH_MODULE, '--detach', '--', 'sleep', '1000'])).exitCode, 0);
  const destroyed = await h.cli(['destroy', '--container_id=pending']);
  t.is(destroyed.exitCode, 0);
  t.like(JSON.parse(String(destroyed.stdout)), { outcome: 'destroyed', cleanup_pending: ['org_test_LifecycleIsolator'] });
  t.regex(String(destroyed.stderr), /warning: container 'pending': the cleanup of org_test_LifecycleIsolator is pending/);
  t.like(await status(h, 'pending'), { cleaned_up: false, cleanup_pending: ['org_test_LifecycleIsolator'] });
  t.like(JSON.parse(String((await h.cli(['recover'])).stdout)), { containers: [{ container_id: 'pending', cleanup_pending: ['org_test_LifecycleIsolator'] }] });
  t.false(existsSync(join(h.sandbox('pending'), 'lifecycle-cleaned-up')));
  const recovered = await h.cli(['recover', '--cleanup', lifecycleModule()]);
  t.is(recovered.exitCode, 0, String(recovered.stderr));
  t.like(JSON.parse(String(recovered.stdout)), { containers: [{ container_id: 'pending', cleaned_up: true, cleanup_pending: [] }] });
  t.true(existsSync(join(h.sandbox('pending'), 'lifecycle-cleaned-up')));
  t.like(await status(h, 'pending'), { cleaned_up: true, cleanup_pending: [] });
});

test('a cleanup that fails after the task ended: launch still exits with the task\'s code, and says what failed on one line', async (t) => {
  const { h } = t.context;
  const r = await h.cli(['launch', '--container_id=ends', lifecycleModule([{ key: 'cleanup', value: 'fail' }]), WITH_MODULE, '--', 'sh', '-c', 'exit 3']);
  t.is(r.exitCode, 3);
  t.regex(String(r.stderr), /^mesos-containerizer: warning: container 'ends' ended, but cleaning up after it failed: container 'ends': cleanup failed: org_test_LifecycleIsolator: cleanup refused on purpose$/m);
  t.like(await status(h, 'ends'), { state: 'exited', exit_code: 3, cleaned_up: false, cleanup_pending: ['org_test_LifecycleIsolator'] });
});

test('gc goes on past a container it cannot clean up, and reports each', async (t) => {
  const { h } = t.context;
  const failing = lifecycleModule([{ key: 'cleanup', value: 'fail' }]);
  t.is((await h.cli(['launch', '--container_id=a-fine', '--', 'true'])).exitCode, 0);
  t.is((await h.cli(['launch', '--container_id=b-broken', failing, WITH_MODULE, '--', 'true'])).exitCode, 0);
  t.is((await h.cli(['launch', '--container_id=c-fine', '--', 'true'])).exitCode, 0);
  const r = await h.cli(['gc', failing]);
  t.is(r.exitCode, 1);
  t.like(JSON.parse(String(r.stdout)), { removed: [{ container_id: 'a-fine' }, { container_id: 'c-fine' }], errors: [{ container_id: 'b-broken', code: 'DESTROY_FAILED' }] });
  t.regex(String(r.stderr), /^mesos-containerizer: warning: gc of container 'b-broken' failed: .*cleanup refused on purpose$/m);
  t.is((await h.cli(['gc', lifecycleModule()])).exitCode, 0, 'with a working module it is forgotten');
});

test('kill -9 of launch at many moments: every entry is readable, destroyable and forgettable, and recover --cleanup leaves nothing', async (t) => {
  const { h } = t.context;
  const delays = Array.from({ length: 16 }, (_, i) => i * 10);
  for (const delay of delays) {
    const launching = h.cli(['launch', `--container_id=k${delay}`, '--', 'sleep', '1000'], { stdout: 'ignore', stderr: 'ignore' });
    await sleep(delay);
    launching.kill('SIGKILL');
    await launching;
  }
  const listed = JSON.parse(String((await h.cli(['list', '--json'])).stdout)) as Array<{ container_id: string; state: string }>;
  t.log(listed.map((s) => `${s.container_id}: ${s.state}`).join(', '));
  for (const delay of delays) {
    const id = `k${delay}`;
    const seen = await status(h, id);
    const entry = listed.find((s) => s.container_id === id);
    if (!entry) {
      t.regex(String(seen.error), /unknown container/, `${id}: no entry, and status says so`);
      continue;
    }
    t.true(['launching', 'abandoned', 'running', 'exited'].includes(String(seen.state)), `${id}: ${JSON.stringify(seen)}`);
    const destroyed = await h.cli(['destroy', `--container_id=${id}`]);
    t.is(destroyed.exitCode, 0, `${id}: ${String(destroyed.stderr)}`);
  }
  const gc = await h.cli(['gc']);
  t.is(gc.exitCode, 0, String(gc.stderr));
  t.deepEqual(JSON.parse(String(gc.stdout)).kept, []);
  const recovered = await h.cli(['recover', '--cleanup']);
  t.is(recovered.exitCode, 0, String(recovered.stderr));
  t.deepEqual(JSON.parse(String((await h.cli(['list', '--json'])).stdout)), []);
  t.deepEqual(h.ours(), []);
  t.deepEqual(execFileSync('find', [h.runtimeDir, '-mindepth', '2']).toString(), '', 'no entry or claim is left');
});
