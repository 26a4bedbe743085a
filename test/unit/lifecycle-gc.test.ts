// gc, wait and torn entries on the fake host: gc goes on past one
// container's failure and reports each; an entry without a readable record
// is readable, destroyable and forgettable; a torn termination record is an
// unknown exit status, not a crash.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { Isolator } from '../../src/isolators/isolator.js';
import { CGROUP_V2 } from '../helpers/fake-host.js';
import { fakeTask } from '../helpers/fake-stub.js';
import { CGROUPS_ROOT, FakeWorld, modules } from '../helpers/fake-world.js';

const test = anyTest as TestFn<{ w: FakeWorld }>;
test.beforeEach((t) => {
  t.context.w = new FakeWorld();
});
test.afterEach.always((t) => t.context.w.remove());

async function ended(w: FakeWorld, id: string, options: Parameters<FakeWorld['containerizer']>[0] = {}, exit_code = 0): Promise<void> {
  const launched = await w.containerizer(options).launch({ containerId: id, command: { value: 'true' } });
  launched.detach(); // nobody follows it: it ends unwatched
  w.host.exit(fakeTask(w.host, launched.pid)!, { exit_code, signal: null });
}

test('gc goes on past a container whose cleanup fails, and reports each', async (t) => {
  const { w } = t.context;
  const broken: Isolator = {
    name: 'org_test_Broken',
    cleanup: () => {
      throw new Error('cleanup refused on purpose');
    },
  };
  const withBroken = { isolation: 'posix/cpu,org_test_Broken', modules: modules({ org_test_Broken: broken }) };
  await ended(w, 'a-first');
  await ended(w, 'b-broken', withBroken);
  await ended(w, 'c-last');
  const running = await w.containerizer().launch({ containerId: 'd-running', command: { value: 'sleep 1000' } });
  const result = await w.containerizer(withBroken).gc();
  t.deepEqual(result.removed.map((r) => r.container_id), ['a-first', 'c-last']);
  t.deepEqual(result.kept, [{ container_id: 'd-running', reason: 'running' }]);
  t.deepEqual(result.errors, [{ container_id: 'b-broken', code: 'DESTROY_FAILED', error: "container 'b-broken': cleanup failed: org_test_Broken: cleanup refused on purpose" }]);
  await t.throwsAsync(w.containerizer(withBroken).gc({ containerId: 'b-broken' }), { code: 'DESTROY_FAILED' } as never);
  await w.containerizer().destroy(running.containerId);
});

test('gc --older_than counts from the end; launching and running ones are never touched', async (t) => {
  const { w } = t.context;
  await ended(w, 'old');
  const c = w.containerizer();
  t.like(await c.gc({ olderThanMs: 60_000 }), { removed: [], kept: [{ container_id: 'old' }] });
  w.host.advance(61_000);
  t.like(await c.gc({ olderThanMs: 60_000 }), { removed: [{ container_id: 'old' }] });
});

test('an entry made by hand (no record) is torn: readable, destroyable, forgettable, and then the id can be launched', async (t) => {
  const { w } = t.context;
  mkdirSync(w.entry('hand'), { recursive: true });
  // A cgroup named after it under our root: found by name.
  w.host.cgroups.create({ version: 2, mountPoint: CGROUP_V2, path: `${CGROUP_V2}/${CGROUPS_ROOT}/hand` });
  const stray = w.host.spawn({ ppid: 1, comm: 'stray', cgroup: `${CGROUP_V2}/${CGROUPS_ROOT}/hand` });
  const c = w.containerizer();
  t.like(c.status('hand'), { state: 'torn', sandbox: null, message: 'exit status unknown: state.json is missing (the entry was not made by a launch, or was emptied)' });
  t.deepEqual(c.containers().map((s) => s.state), ['torn']);
  await t.throwsAsync(c.launch({ containerId: 'hand', command: { value: 'true' } }), { code: 'CONTAINER_EXISTS', message: /forget it with `mesos-containerizer gc --container_id=hand`/ } as never);
  await t.throwsAsync(c.wait('hand'), { code: 'CONTAINER_TORN' } as never);
  t.like(await c.destroy('hand'), { outcome: 'destroyed', termination: { destroyed: true, exit_code: null, signal: null } });
  t.false(w.host.alive(stray.pid));
  t.like(await c.destroy('hand'), { outcome: 'already_destroyed' });
  t.like(await c.gc({ containerId: 'hand' }), { removed: [{ container_id: 'hand', sandbox: null }] });
  const launched = await c.launch({ containerId: 'hand', command: { value: 'true' } });
  t.is(c.status('hand').state, 'running');
  await c.destroy(launched.containerId);
});

test('a garbage termination record: the exit status is unknown, and every command still works', async (t) => {
  const { w } = t.context;
  await ended(w, 'g');
  writeFileSync(join(w.entry('g'), 'termination.json'), 'garbage');
  const c = w.containerizer();
  t.like(c.status('g'), { state: 'exited', exit_code: null, signal: null, message: 'exit status unknown: termination.json is not JSON (half written?)' });
  t.like(await c.wait('g'), { exit_code: null });
  t.like(await c.gc(), { removed: [{ container_id: 'g' }] });
});

test('a stray file under an id is a torn entry too: destroyed and forgotten like one', async (t) => {
  const { w } = t.context;
  mkdirSync(join(w.runtimeDir, 'containers'), { recursive: true });
  writeFileSync(w.entry('stray'), 'not a directory');
  const c = w.containerizer();
  t.like(c.status('stray'), { state: 'torn', message: `exit status unknown: ${w.entry('stray')} is not a directory` });
  t.like(await c.destroy('stray'), { outcome: 'already_ended' });
  t.like(await c.gc(), { removed: [{ container_id: 'stray', sandbox: null }], errors: [] });
});

test('recover --cleanup frees a torn entry: what its id names is killed, and the id can be launched again', async (t) => {
  const { w } = t.context;
  mkdirSync(w.entry('wreck'), { recursive: true });
  writeFileSync(join(w.entry('wreck'), 'state.json'), '{"format":2,"cont');
  w.host.cgroups.create({ version: 2, mountPoint: CGROUP_V2, path: `${CGROUP_V2}/${CGROUPS_ROOT}/wreck` });
  const stray = w.host.spawn({ ppid: 1, comm: 'stray', cgroup: `${CGROUP_V2}/${CGROUPS_ROOT}/wreck` });
  const c = w.containerizer();
  t.like((await c.recover()).containers, [{ container_id: 'wreck', state: 'torn', cleaned_up: false, removed: false }]);
  t.true(w.host.alive(stray.pid), 'without --cleanup, recover only reports');
  const report = await c.recover({ cleanup: true });
  t.like(report, { containers: [{ container_id: 'wreck', state: 'torn', cleaned_up: true, removed: true }], orphan_cgroups: [], errors: [] });
  t.false(w.host.alive(stray.pid));
  t.false(w.host.cgroupDirs.has(`${CGROUP_V2}/${CGROUPS_ROOT}/wreck`));
  await c.launch({ containerId: 'wreck', command: { value: 'true' } });
  t.is(c.status('wreck').state, 'running');
  await c.destroy('wreck');
});
