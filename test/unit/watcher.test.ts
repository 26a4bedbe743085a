// The watcher, for containers this process did not launch, on the fake host:
// it polls only the limits the init stub does not watch itself (the stub
// records a memory limitation on its own), and a limit it finds ends the
// container, whose end then says so.
import { mkdirSync, writeFileSync } from 'node:fs';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import { ContainerizerContext } from '../../src/containerizer/context.js';
import type { ContainerState } from '../../src/containerizer/run-dir/records.js';
import { ContainerWatcher } from '../../src/containerizer/watcher.js';
import type { Isolator, Limitation } from '../../src/isolators/isolator.js';
import { createLogger } from '../../src/log/logger.js';
import { CGROUP_V2 } from '../helpers/fake-host.js';
import { CGROUPS_ROOT, FakeWorld, modules } from '../helpers/fake-world.js';

const test = anyTest as TestFn<{ w: FakeWorld }>;
test.beforeEach((t) => {
  t.context.w = new FakeWorld();
});
test.afterEach.always((t) => t.context.w.remove());

const ID = 'elsewhere';
const CGROUP = `${CGROUP_V2}/${CGROUPS_ROOT}/${ID}`;

/** An isolator whose limitation() counts its calls and reports `limit` from call `from` on. */
function limited(name: string, limit: Limitation, from = 1): Isolator & { calls: number } {
  const isolator = {
    name,
    calls: 0,
    limitation: () => (++isolator.calls >= from ? limit : undefined),
  };
  return isolator;
}

/** A running container another process launched (and no longer follows), as its record and processes say. */
function runningElsewhere(w: FakeWorld, ctx: ContainerizerContext, isolation: string[], watchedByStub: string[] | undefined): void {
  const { host } = w;
  const launcher = host.spawn({ ppid: 1, comm: 'node' });
  const monitor = host.spawn({ ppid: 1, comm: 'mesos-containerizer-init' });
  const init = host.spawn({ ppid: monitor.pid, comm: 'mesos-containerizer-init', cgroup: CGROUP, subreaper: true });
  host.spawn({ ppid: init.pid, comm: 'sleep', cgroup: CGROUP });
  host.exit(launcher.pid, { exit_code: 0, signal: null });
  host.cgroups.create({ version: 2, mountPoint: CGROUP_V2, path: CGROUP });
  init.onExit = (exit) => {
    writeFileSync(ctx.runDir.terminationFile(ID), JSON.stringify({ ...exit, finished_at: host.now() }));
    host.exit(monitor.pid, { exit_code: 0, signal: null });
  };
  const state: ContainerState = {
    format: 2,
    containerId: ID,
    phase: 'running',
    launcher: { pid: launcher.pid, startTime: launcher.startTime, bootId: host.bootId() },
    created: host.now(),
    sandbox: w.sandbox(ID),
    sandboxCreated: true,
    isolation,
    cgroupsRoot: CGROUPS_ROOT,
    cgroup: { version: 2, mountPoint: CGROUP_V2, path: CGROUP },
    command: { value: 'sleep 1000' },
    monitor: { pid: monitor.pid, startTime: monitor.startTime },
    init: { pid: init.pid, startTime: init.startTime },
    isolatorState: {},
    ...(watchedByStub && { watchedByStub }),
  };
  mkdirSync(state.sandbox, { recursive: true });
  mkdirSync(ctx.runDir.dir(ID), { recursive: true });
  ctx.runDir.writeState(state);
}

const MEMORY: Limitation = { resource: 'mem', message: 'Memory limit exceeded (polled)' };
const DISK: Limitation = { resource: 'disk', message: 'Disk quota exceeded' };

test("a limit the stub watches is not polled; another isolator's is, and it ends the container", async (t) => {
  const { w } = t.context;
  const watched = limited('org_test_Memory', MEMORY);
  const polled = limited('org_test_Disk', DISK, 3);
  const isolation = ['posix/cpu', watched.name, polled.name];
  const ctx = new ContainerizerContext({
    runtimeDir: w.runtimeDir, workDir: w.workDir, cgroupsRoot: CGROUPS_ROOT, isolation: isolation.join(','),
    modules: modules({ [watched.name]: watched, [polled.name]: polled }), host: w.host, logger: createLogger('silent'),
  });
  runningElsewhere(w, ctx, isolation, [watched.name]);
  const watcher = new ContainerWatcher(ctx, 5);
  const end = await watcher.wait(ID);
  t.is(watched.calls, 0, 'the stub records that limit itself: never polled');
  t.true(polled.calls >= 3, 'polled until it reports');
  t.like(end, { limitation: DISK, message: DISK.message, destroyed: false, signal: 9 });
  t.deepEqual(w.host.inCgroup(CGROUP), [], 'the limit ended the container');
  watcher.close();
});

test('a record that does not say what the stub watches (an older launch): every limit is polled', async (t) => {
  const { w } = t.context;
  const memory = limited('org_test_Memory', MEMORY, 2);
  const isolation = ['posix/cpu', memory.name];
  const ctx = new ContainerizerContext({
    runtimeDir: w.runtimeDir, workDir: w.workDir, cgroupsRoot: CGROUPS_ROOT, isolation: isolation.join(','),
    modules: modules({ [memory.name]: memory }), host: w.host, logger: createLogger('silent'),
  });
  runningElsewhere(w, ctx, isolation, undefined);
  const watcher = new ContainerWatcher(ctx, 5);
  t.like(await watcher.wait(ID), { limitation: MEMORY });
  t.true(memory.calls >= 2);
  watcher.close();
});
