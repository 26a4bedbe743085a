// The resident launcher: a launch does not fork the caller (the stub is the
// launcher's child, and one launcher serves every launch of a process); the
// launcher dies with its caller, and what it started runs on.
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';
import { launchElsewhere } from '../helpers/launch-elsewhere.js';
import { residentLauncher } from '../../src/launcher/resident-launcher.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

function stat(pid: number): { comm: string; ppid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return { comm: text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')), ppid: Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]) };
  } catch {
    return undefined;
  }
}

async function until(what: string, check: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 10_000; !check(); await sleep(20)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
  }
}

test("a launch does not fork the caller: the stub's outer process is the child of one resident launcher, itself the caller's child", async (t) => {
  const { h } = t.context;
  const c = h.containerizer();
  const a = await c.launch({ containerId: 'a', command: { value: 'sleep 1000' } });
  const b = await c.launch({ containerId: 'b', command: { value: 'sleep 1000' } });
  const monitors = [a.pid, b.pid].map((init) => stat(init)?.ppid);
  t.true(monitors.every((m) => m !== undefined && stat(m)?.comm === 'mesos-container'), 'the monitors are init stubs');
  const launchers = monitors.map((m) => stat(m!)?.ppid);
  t.is(launchers[0], launchers[1], 'one launcher for both');
  t.not(launchers[0], process.pid, 'not our child');
  t.is(readFileSync(`/proc/${launchers[0]}/cmdline`, 'latin1').split('\0')[0]?.endsWith('/mesos-containerizer-launcher'), true);
  t.is(stat(launchers[0]!)?.ppid, process.pid, 'the launcher is ours');
  const ended = await c.launch({ containerId: 'e', command: { value: 'exit 3' } });
  t.like(await ended.exited, { exit_code: 3, signal: null }, 'its end is learnt without a child-process event');
  const other = h.containerizer();
  const d = await other.launch({ containerId: 'd', command: { value: 'sleep 1000' } });
  t.is(stat(stat(d.pid)!.ppid)?.ppid, launchers[0], "another Containerizer of this process uses the same launcher");
  for (const id of ['a', 'b', 'd']) t.is((await c.destroy(id)).outcome, 'destroyed');
  t.like(await a.exited, { signal: 9, destroyed: true });
});

test('the launcher dies with the process that started it; containers launched without dieWithParent run on', async (t) => {
  const { h } = t.context;
  const holder = await launchElsewhere(h, [{ containerId: 'stays', command: { value: 'sleep 1000' } }]);
  const monitor = stat(holder.pids[0]!)!.ppid;
  const launcher = stat(monitor)!.ppid;
  t.is(stat(launcher)?.ppid, holder.process.pid, "precondition: the holder's launcher");
  await holder.kill();
  await until('the launcher is gone (not re-parented: it dies with its caller)', () => stat(launcher) === undefined);
  t.is(h.containerizer().status('stays').state, 'running');
  t.not(stat(monitor), undefined, 'its monitor runs on, re-parented');
  const result = await h.containerizer().destroy('stays');
  t.is(result.outcome, 'destroyed');
  t.is(result.termination.signal, 9);
  t.not(result.termination.finished_at, null, 'the monitor recorded the end');
});

test('a program that ends at once is reported reaped, though its reap report comes in the same read as its pid', async (t) => {
  const launcher = residentLauncher((message) => t.log(message));
  if (!launcher) return t.fail('no resident launcher here');
  const devNull = openSync('/dev/null', 'r+');
  try {
    const children = [];
    for (let i = 0; i < 5; i++) {
      const spawned = launcher.spawn('/bin/true', ['true'], [0, 1, 2].map((target) => ({ fd: devNull, target })), false);
      // Keep the event loop from reading until /bin/true has ended: the
      // launcher's two answers ('started', then 'reaped') wait in one read.
      for (const until = Date.now() + 100; Date.now() < until; );
      children.push(await spawned);
    }
    for (const child of children) {
      const status = await Promise.race([child.reaped, sleep(10_000).then(() => 'no reap report within 10 s')]);
      t.deepEqual(status, { code: 0, signal: null }, `pid ${child.pid}`);
    }
  } finally {
    closeSync(devNull);
  }
});
