// A launcher killed at each step of a launch leaves an entry that every
// command can read, finish and forget: status and list say what it is
// (abandoned, with what was made; exited; running), destroy kills what it
// started, gc forgets it, recover --cleanup frees it entirely, wait returns.
// Built on the fake host: each crash state is what the launch writes up to
// that step, and the launcher's death is what the kernel does then (its
// lock is released, the init waiting on the sync pipe gets EOF).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import { ContainerizerContext } from '../../src/containerizer/context.js';
import type { ContainerState } from '../../src/containerizer/run-dir/records.js';
import type { Containerizer } from '../../src/containerizer/containerizer.js';
import { createLogger } from '../../src/log/logger.js';
import { CGROUP_V2 } from '../helpers/fake-host.js';
import type { FakeProcess } from '../helpers/fake-host.js';
import { CGROUPS_ROOT, FakeWorld } from '../helpers/fake-world.js';

const test = anyTest as TestFn<{ w: FakeWorld }>;
test.beforeEach((t) => {
  t.context.w = new FakeWorld();
});
test.afterEach.always((t) => t.context.w.remove());

const STEPS = ['claimed', 'sandbox and cgroup made', 'isolators prepared', 'stub started', 'init recorded', 'running recorded', 'released'] as const;
type Step = (typeof STEPS)[number];
const ID = 'victim';
const CGROUP = `${CGROUP_V2}/${CGROUPS_ROOT}/${ID}`;

interface Crash {
  init?: FakeProcess;
  task?: FakeProcess;
}

/** What a launch made up to `step`, then its launcher dies. */
async function crashAt(w: FakeWorld, step: Step, options: { initIgnoresEof?: boolean } = {}): Promise<Crash> {
  const { host } = w;
  const at = STEPS.indexOf(step);
  const launcher = host.spawn({ ppid: 1, comm: 'node' });
  const ctx = new ContainerizerContext({ runtimeDir: w.runtimeDir, workDir: w.workDir, cgroupsRoot: CGROUPS_ROOT, isolation: 'namespaces/pid', host, logger: createLogger('silent') });
  const state: ContainerState = {
    format: 2,
    containerId: ID,
    phase: 'launching',
    launcher: { pid: launcher.pid, startTime: launcher.startTime, bootId: host.bootId() },
    created: host.now(),
    sandbox: w.sandbox(ID),
    sandboxCreated: true,
    isolation: ['namespaces/pid'],
    cgroupsRoot: CGROUPS_ROOT,
    cgroup: { version: 2, mountPoint: CGROUP_V2, path: CGROUP },
    command: { value: 'sleep 1000' },
    isolatorState: {},
  };
  const lock = await ctx.runDir.claim(host, state, host.now() + 5000);
  const crash: Crash = {};
  if (at >= 1) {
    mkdirSync(state.sandbox, { recursive: true });
    host.cgroups.create(state.cgroup!);
  }
  if (at >= 2) ctx.runDir.writeState(state);
  if (at >= 3) {
    const pidns = host.newPidNamespace();
    const monitor = host.spawn({ ppid: launcher.pid, comm: 'mesos-containerizer-init' });
    const init = host.spawn({ ppid: monitor.pid, comm: 'mesos-containerizer-init', cgroup: CGROUP, pidns, nsInit: true });
    crash.init = init;
    init.onExit = (exit) => {
      if (!host.alive(monitor.pid)) return;
      const error = crash.task ? undefined : { stage: 'sync', errno: 0, message: 'the launcher went away before releasing the container' };
      writeFileSync(ctx.runDir.terminationFile(ID), JSON.stringify({ ...exit, finished_at: host.now(), ...(error && { error }) }));
      host.exit(monitor.pid, { exit_code: 0, signal: null });
    };
    // The init waits on the sync pipe: the launcher's death is EOF to it.
    if (!options.initIgnoresEof) launcher.onExit = () => void (crash.task || host.exit(init.pid, { exit_code: 125, signal: null }));
    if (at >= 4) {
      Object.assign(state, { monitor: { pid: monitor.pid, startTime: monitor.startTime }, init: { pid: init.pid, startTime: init.startTime }, pidNamespace: pidns, newPidNamespace: true });
      ctx.runDir.writeState(state);
    }
    if (at >= 5) {
      state.phase = 'running';
      ctx.runDir.writeState(state);
    }
    if (at >= 6) crash.task = host.spawn({ ppid: init.pid, comm: 'sleep', cgroup: CGROUP, pidns });
  }
  // The launcher is killed: the kernel drops its lock.
  lock.release();
  host.exit(launcher.pid, { exit_code: null, signal: 9 });
  return crash;
}

const expectedPhase = (step: Step): string => (step === 'released' ? 'running' : step === 'running recorded' ? 'exited' : 'abandoned');

function nothingLeft(t: Parameters<Parameters<typeof test>[1]>[0], w: FakeWorld): void {
  t.deepEqual([...w.host.processes.values()].map((p) => p.comm).sort(), ['init', 'node'], 'no process of it is left');
  t.false(w.host.cgroupDirs.has(CGROUP), 'its cgroup is gone');
}

for (const step of STEPS) {
  test(`launcher killed after "${step}": status and list say ${expectedPhase(step)}; destroy, then gc forgets it`, async (t) => {
    const { w } = t.context;
    await crashAt(w, step);
    const c: Containerizer = w.containerizer();
    const status = c.status(ID);
    t.is(status.state, expectedPhase(step));
    t.deepEqual(c.containers().map((s) => [s.container_id, s.state]), [[ID, expectedPhase(step)]]);
    if (status.state === 'abandoned') {
      t.regex(status.message!, /^abandoned during launch: its launcher \(pid \d+\) went away before the task started$/);
      t.like(status, { exit_code: null, signal: null, killed_during_launch: false });
      t.deepEqual(status.made?.cgroups, STEPS.indexOf(step) >= 1 ? [CGROUP] : []);
      t.is(status.made?.sandbox, w.sandbox(ID));
    }
    if (step === 'running recorded') t.is(status.message, 'the launcher went away before releasing the container');

    const destroyed = await c.destroy(ID);
    t.is(destroyed.outcome, step === 'released' ? 'destroyed' : 'already_ended');
    nothingLeft(t, w);
    const gc = await c.gc();
    t.deepEqual(gc, { removed: [{ container_id: ID, sandbox: w.sandbox(ID) }], kept: [], errors: [] });
    t.false(existsSync(w.entry(ID)));
    t.false(existsSync(w.sandbox(ID)));
    t.deepEqual(c.containers(), []);
  });

  if (step !== 'released') {
    test(`launcher killed after "${step}": recover --cleanup frees it${expectedPhase(step) === 'abandoned' ? ' entirely: entry, sandbox, cgroups' : ''}`, async (t) => {
      const { w } = t.context;
      await crashAt(w, step);
      const c = w.containerizer();
      const report = await c.recover({ cleanup: true });
      t.deepEqual(report.errors, []);
      t.like(report.containers, [{ container_id: ID, state: expectedPhase(step), cleaned_up: true, removed: expectedPhase(step) === 'abandoned' }]);
      nothingLeft(t, w);
      t.deepEqual(report.orphan_cgroups, []);
      if (expectedPhase(step) === 'abandoned') {
        t.false(existsSync(w.entry(ID)));
        t.false(existsSync(w.sandbox(ID)));
      }
    });

    test(`launcher killed after "${step}": wait returns at once, and cleans up`, async (t) => {
      const { w } = t.context;
      await crashAt(w, step);
      const c = w.containerizer();
      const end = await c.wait(ID);
      t.like(end, { container_id: ID, exit_code: step === 'running recorded' ? 125 : null, destroyed: false });
      t.like(c.status(ID), { cleaned_up: true });
      nothingLeft(t, w);
    });
  }
}

test('an abandoned launch whose init still waits: destroy kills it and says destroyed', async (t) => {
  const { w } = t.context;
  const { init } = await crashAt(w, 'init recorded', { initIgnoresEof: true });
  const c = w.containerizer();
  t.like(c.status(ID), { state: 'abandoned', made: { processes: [init!.pid] } });
  t.like(await c.destroy(ID), { outcome: 'destroyed', termination: { destroyed: true, killed_during_launch: false } });
  t.false(w.host.alive(init!.pid));
  nothingLeft(t, w);
});

test('a record from an earlier boot names no live process, even where the pid and start time match one now', async (t) => {
  const { w } = t.context;
  const { init, task } = await crashAt(w, 'released');
  t.is(w.containerizer().status(ID).state, 'running');
  // A reboot later, processes that happen to have the recorded pids and start times, in no cgroup of ours:
  w.host.boot = 'boot-2';
  delete init!.cgroup;
  delete task!.cgroup;
  t.is(w.containerizer().status(ID).state, 'exited');
  t.like(await w.containerizer().destroy(ID), { outcome: 'already_ended' });
  t.true(w.host.alive(init!.pid) && w.host.alive(task!.pid), 'they are not touched');
  t.false(w.host.calls.some((c) => c.startsWith('SIG')));
});
