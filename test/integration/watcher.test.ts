// Waiting on containers another process launched (a restarted agent's view):
// one watcher sees their ends, a signal by container id reaches their task,
// a monitor killed before it could record the end is still noticed, and a
// limit only polling finds (a module isolator's) still ends the container.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import { readManifest } from '../../src/modules/manifest.js';
import { ModuleRegistry } from '../../src/modules/registry.js';
import type { HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';
import { launchElsewhere } from '../helpers/launch-elsewhere.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

test('a second process waits on many containers at once and learns how each ended', async (t) => {
  const { h } = t.context;
  const exits = [0, 3, 7, 0, 42];
  const holder = await launchElsewhere(h, exits.map((code, i) => ({ containerId: `c${i}`, command: { value: `sleep 0.${i + 3}; exit ${code}` } })));
  await holder.kill(); // nobody follows them now: only the stub's record tells
  const observer = h.containerizer();
  const ends = await Promise.all(exits.map((_, i) => observer.wait(`c${i}`)));
  t.deepEqual(ends.map((e) => e.exit_code), exits);
  t.true(ends.every((e) => e.signal === null && !e.destroyed && e.finished_at !== null));
  t.is((await observer.wait('c1')).exit_code, 3, 'waiting on an ended container answers at once, the same');
  observer.close();
});

test('signal by container id: SIGTERM reaches the task of a container launched elsewhere', async (t) => {
  const { h } = t.context;
  const holder = await launchElsewhere(h, [{ containerId: 'term', command: { value: "trap 'exit 143' TERM; sleep 1000 & wait" } }]);
  await holder.kill();
  const observer = h.containerizer();
  const ended = observer.wait('term');
  t.is(await observer.signal('term', 'SIGTERM'), 'sent');
  t.is((await ended).exit_code, 143, 'the task handled SIGTERM itself');
  t.is(await observer.signal('term', 'SIGTERM'), 'gone', 'an ended container is not signalled');
  await t.throwsAsync(observer.signal('nope', 'SIGTERM'), { code: 'UNKNOWN_CONTAINER' } as never);
  observer.close();
});

test('a container whose monitor was killed before recording the end is still seen to end (the sweep)', async (t) => {
  const { h } = t.context;
  const holder = await launchElsewhere(h, [{ containerId: 'orphaned', command: { value: 'sleep 1000' } }]);
  await holder.kill();
  const observer = h.containerizer();
  const ended = observer.wait('orphaned');
  const state = JSON.parse(readFileSync(join(h.runtimeDir, 'containers/orphaned/state.json'), 'utf8')) as { monitor: { pid: number }; init: { pid: number } };
  // The monitor first (nobody will write termination.json), then the init: no file changes.
  process.kill(state.monitor.pid, 'SIGKILL');
  process.kill(state.init.pid, 'SIGKILL');
  const end = await ended;
  t.is(end.finished_at, null, 'nobody saw the end, and the answer says so');
  t.regex(end.message, /^exit status unknown: its end was not recorded/);
  t.deepEqual(h.ours(), []);
  observer.close();
});

test("a memory limit hit by a container launched elsewhere ends it, and its end says so (the stub's record, cgroup v1)", async (t) => {
  const { h } = t.context;
  // The loop outlives each OOM kill of its awk: only the stub, which records the limitation and ends it, can.
  const hog = `while :; do awk 'BEGIN { s = "x"; for (i = 0; i < 28; i++) s = s s }'; done`;
  const options = { isolation: 'namespaces/pid,cgroups/mem', cgroupsHierarchy: 'v1' as const };
  const holder = await launchElsewhere(h, [{ containerId: 'hog', resources: { mem: 64 }, command: { value: hog } }], options.isolation, 'v1');
  await holder.kill();
  const state = JSON.parse(readFileSync(join(h.runtimeDir, 'containers/hog/state.json'), 'utf8')) as { watchedByStub?: string[] };
  t.deepEqual(state.watchedByStub, ['cgroups/mem'], 'the record says the stub watches memory: the watcher does not poll it');
  const observer = h.containerizer(options);
  const end = await observer.wait('hog');
  t.is(end.limitation?.resource, 'mem');
  t.regex(end.message, /^Memory limit exceeded: requested 64 MB/);
  t.deepEqual(h.ours(), []);
  observer.close();
});

test("a module isolator's limit, which only polling finds, ends a container launched elsewhere (the sweep)", async (t) => {
  const { h } = t.context;
  const fixtures = new URL('../../fixtures/modules/', import.meta.url).pathname;
  const manifest = JSON.stringify({ libraries: [{ file: join(fixtures, 'limit-isolator.mjs'), modules: [{ name: 'org_test_LimitIsolator' }] }] });
  const isolation = 'namespaces/pid,org_test_LimitIsolator';
  const holder = await launchElsewhere(h, [{ containerId: 'over', command: { value: 'sleep 1000' } }], isolation, undefined, manifest);
  await holder.kill(); // the holder followed it (and polled); nobody does now
  const observer = h.containerizer({ isolation, modules: await ModuleRegistry.load(readManifest(manifest)) });
  const ended = observer.wait('over');
  writeFileSync(join(h.sandbox('over'), 'over-limit'), '');
  const end = await ended;
  t.like(end, { limitation: { resource: 'disk' }, signal: 9, destroyed: false });
  t.is(end.message, "Disk limit exceeded: the sandbox holds 'over-limit'");
  t.deepEqual(h.ours(), []);
  observer.close();
});
