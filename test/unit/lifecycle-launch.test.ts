// launch on the fake host: the record leads every step, the task is released
// only once the record names its init, a destroy or the caller's AbortSignal
// stops the launch at its next step, and a failure kills what was started
// before undoing anything else.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { Isolator } from '../../src/isolators/isolator.js';
import { CGROUP_V2 } from '../helpers/fake-host.js';
import { CGROUPS_ROOT, FakeWorld, modules } from '../helpers/fake-world.js';

const test = anyTest as TestFn<{ w: FakeWorld }>;
test.beforeEach((t) => {
  t.context.w = new FakeWorld();
});
test.afterEach.always((t) => t.context.w.remove());

const cgroupOf = (id: string): string => `${CGROUP_V2}/${CGROUPS_ROOT}/${id}`;
const record = (w: FakeWorld, id: string): Record<string, unknown> => JSON.parse(readFileSync(join(w.entry(id), 'state.json'), 'utf8'));

/** An isolator that stops in `step` until the test lets it go. */
function gate(step: 'prepare' | 'isolate'): { isolator: Isolator; reached: Promise<void>; open: () => void } {
  let open!: () => void;
  let reach!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const wait = async (): Promise<void> => {
    reach();
    await opened;
  };
  return { isolator: { name: 'org_test_Gate', [step]: wait }, reached, open };
}

test('the task is released only once the record says running and names the init', async (t) => {
  const { w } = t.context;
  const c = w.containerizer();
  let atRelease: Record<string, unknown> | undefined;
  const original = w.host.spawnStub.bind(w.host);
  w.host.spawnStub = async (request) => {
    const forked = await original(request);
    const release = forked.release;
    forked.release = () => {
      atRelease = record(w, 'c1');
      release();
    };
    return forked;
  };
  const launched = await c.launch({ containerId: 'c1', command: { value: 'sleep 1000' } });
  t.like(atRelease, { phase: 'running', init: { pid: launched.pid, startTime: launched.startTime } });
  t.is(c.status('c1').state, 'running');
  t.deepEqual(w.host.calls.slice(0, 3), [`cgroup create ${cgroupOf('c1')}`, 'spawn stub c1', 'release c1']);
  await c.destroy('c1');
});

test('while it launches, the record says launching and names its launcher; the claim is durable and whole', async (t) => {
  const { w } = t.context;
  const { isolator, reached, open } = gate('prepare');
  const c = w.containerizer({ isolation: 'org_test_Gate', modules: modules({ org_test_Gate: isolator }) });
  const launching = c.launch({ containerId: 'slow', command: { value: 'true' } });
  await reached;
  const status = c.status('slow');
  t.like(status, { state: 'launching', launcher: { pid: w.host.self().pid }, made: { sandbox: w.sandbox('slow'), cgroups: [cgroupOf('slow')], processes: [] } });
  t.like(record(w, 'slow'), { format: 2, phase: 'launching', sandbox: w.sandbox('slow'), cgroup: { path: cgroupOf('slow') } });
  open();
  await launching;
  t.like(await c.destroy('slow'), { outcome: 'destroyed' });
});

test('an AbortSignal stops the launch at its next step: LAUNCH_ABORTED, the record says destroyed during launch, nothing is left', async (t) => {
  const { w } = t.context;
  const { isolator, reached, open } = gate('isolate');
  const c = w.containerizer({ isolation: 'org_test_Gate', modules: modules({ org_test_Gate: isolator }) });
  const controller = new AbortController();
  const launching = c.launch({ containerId: 'aborted', command: { value: 'true' }, signal: controller.signal });
  await reached; // the stub runs, its init waits
  controller.abort();
  open();
  await t.throwsAsync(launching, { code: 'LAUNCH_ABORTED', message: "the launch of container 'aborted' was aborted by its caller: the task never started" } as never);
  t.like(c.status('aborted'), { state: 'exited', destroyed: true, killed_during_launch: true, exit_code: null, signal: null, message: 'destroyed during launch: the task never started', cleaned_up: true });
  t.false(w.host.calls.includes('release aborted'), 'the task was never released');
  t.is(w.host.processes.size, 2, 'only the host init and this process are left');
  t.false(w.host.cgroupDirs.has(cgroupOf('aborted')));
  t.false(existsSync(w.sandbox('aborted')));
  // The caller asked for it: a later destroy does not claim it.
  t.like(await c.destroy('aborted'), { outcome: 'already_destroyed', termination: { killed_during_launch: true } });
});

test('a destroy from another containerizer stops a launch in progress: the launch rejects LAUNCH_ABORTED, the destroy says destroyed', async (t) => {
  const { w } = t.context;
  const { isolator, reached, open } = gate('prepare');
  const launcher = w.containerizer({ isolation: 'org_test_Gate', modules: modules({ org_test_Gate: isolator }) });
  const other = w.containerizer();
  const launching = launcher.launch({ containerId: 'doomed', command: { value: 'true' } });
  await reached;
  const destroying = other.destroy('doomed');
  // The destroy asked, and waits for the launch's lock.
  for (let i = 0; i < 100 && !existsSync(join(w.entry('doomed'), 'destroyed.json')); i++) await w.host.sleep(5);
  open();
  await t.throwsAsync(launching, { code: 'LAUNCH_ABORTED', message: "container 'doomed' was destroyed during launch: the task never started" } as never);
  t.like(await destroying, { outcome: 'destroyed', termination: { destroyed: true, killed_during_launch: true, exit_code: null, signal: null } });
  t.like(await other.destroy('doomed'), { outcome: 'already_destroyed' });
  t.false(w.host.calls.some((call) => call.startsWith('spawn stub')), 'it stopped before the stub started');
});

test('a failure after the stub started kills the init before anything else is undone', async (t) => {
  const { w } = t.context;
  const failing: Isolator = {
    name: 'org_test_Fails',
    isolate: () => {
      throw new Error('isolate refused on purpose');
    },
  };
  const c = w.containerizer({ isolation: 'org_test_Fails', modules: modules({ org_test_Fails: failing }) });
  await t.throwsAsync(c.launch({ containerId: 'f', command: { value: 'true' } }), { message: 'isolate refused on purpose' });
  const kill = w.host.calls.findIndex((call) => call.startsWith('abort f') || call.startsWith('SIGKILL'));
  const removeCgroup = w.host.calls.indexOf(`cgroup remove ${cgroupOf('f')}`);
  t.true(kill >= 0 && removeCgroup > kill, w.host.calls.join('\n'));
  t.false(w.host.calls.includes('release f'));
  t.is(w.host.processes.size, 2);
  t.false(existsSync(w.entry('f')), 'a failed launch leaves no entry');
  t.false(existsSync(w.sandbox('f')));
});

test('a task that cannot be executed fails the launch and leaves nothing', async (t) => {
  const { w } = t.context;
  w.host.stubBehaviour = 'exec-fails';
  const c = w.containerizer();
  await t.throwsAsync(c.launch({ containerId: 'nope', command: { value: 'nope', shell: false } }), { code: 'EXEC_NOT_FOUND' } as never);
  t.is(w.host.processes.size, 2);
  t.false(existsSync(w.entry('nope')));
  t.false(w.host.cgroupDirs.has(cgroupOf('nope')));
});

test('a cleanup that fails after the task ended does not hide how it ended: exited reports both', async (t) => {
  const { w } = t.context;
  const broken: Isolator = {
    name: 'org_test_BadCleanup',
    cleanup: () => {
      throw new Error('cleanup refused on purpose');
    },
  };
  const c = w.containerizer({ isolation: 'org_test_BadCleanup', modules: modules({ org_test_BadCleanup: broken }) });
  const launched = await c.launch({ containerId: 'ends', command: { value: 'exit 3' } });
  const task = [...w.host.processes.values()].find((p) => p.ppid === launched.pid)!;
  w.host.exit(task.pid, { exit_code: 3, signal: null });
  const end = await launched.exited;
  t.like(end, { exit_code: 3, signal: null, message: 'exited with status 3' });
  t.regex(end.cleanup_error ?? '', /org_test_BadCleanup: cleanup refused on purpose/);
  t.like(c.status('ends'), { state: 'exited', exit_code: 3, cleaned_up: false, cleanup_pending: ['org_test_BadCleanup'] });
});

test('two launches of one id: exactly one claims it, the other is told it exists', async (t) => {
  const { w } = t.context;
  const [a, b] = [w.containerizer(), w.containerizer()];
  const results = await Promise.allSettled([a.launch({ containerId: 'twin', command: { value: 'true' } }), b.launch({ containerId: 'twin', command: { value: 'true' } })]);
  t.is(results.filter((r) => r.status === 'fulfilled').length, 1);
  const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  t.is(refused.reason.code, 'CONTAINER_EXISTS');
  t.like(await a.destroy('twin'), { outcome: 'destroyed' });
});

test('stubs start through the resident launcher unless the caller is short-lived and says so (the CLI)', async (t) => {
  const { w } = t.context;
  const asked: Array<boolean | undefined> = [];
  const original = w.host.spawnStub.bind(w.host);
  w.host.spawnStub = (request) => {
    asked.push(request.viaLauncher);
    return original(request);
  };
  for (const [id, options] of [['long', {}], ['short', { residentLauncher: false }]] as const) {
    const c = w.containerizer(options);
    await c.launch({ containerId: id, command: { value: 'sleep 1000' } });
    await c.destroy(id);
  }
  t.deepEqual(asked, [true, false]);
});
