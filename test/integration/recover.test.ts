// Destroy and recover across processes and flag changes: the path follows
// what a container was launched with, a crashed launcher leaves nothing that
// recover --cleanup cannot find, and a destroy that cannot finish says why.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import { readCgroupMounts } from '../../src/cgroups/mounts.js';
import type { Harness, HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await sleep(25);
  }
  throw new Error(`timed out waiting until ${what}`);
}

async function status(h: Harness, id: string): Promise<Record<string, unknown>> {
  const r = await h.cli(['status', `--container_id=${id}`]);
  return r.exitCode === 0 ? (JSON.parse(r.stdout) as Record<string, unknown>) : {};
}

for (const [name, launchIsolation, destroyIsolation] of [
  ['PidNamespaceForward: launched without a pid namespace, destroyed by a process with namespaces/pid', 'posix/cpu', 'namespaces/pid'],
  ['PidNamespaceBackward: launched with a pid namespace, destroyed by a process without it', 'namespaces/pid', 'posix/cpu'],
] as const) {
  test(name, async (t) => {
    const { h } = t.context;
    await h.cli(['launch', '--container_id=c', `--isolation=${launchIsolation}`, '--detach', '--', 'sh', '-c', 'sleep 1000 & sleep 1000 & wait']);
    await until('its processes run', () => h.containerizer().processes('c').length >= 4);
    const r = await h.cli(['destroy', '--container_id=c', `--isolation=${destroyIsolation}`]);
    t.is(r.exitCode, 0, String(r.stderr));
    t.like(JSON.parse(r.stdout), { outcome: 'destroyed', signal: 9 });
    t.deepEqual(h.ours(), []);
  });
}

test('recover --cleanup kills an orphan cgroup left by a SIGKILLed launcher whose run-dir entry was removed', async (t) => {
  const { h } = t.context;
  // Its output must not go to pipes we wait on: the container keeps them open.
  const launcher = h.cli(['launch', '--container_id=orphan', '--', 'sh', '-c', 'sleep 1000 & sleep 1000'], { stdout: 'ignore', stderr: 'ignore' });
  await until('the container runs', async () => (await status(h, 'orphan')).state === 'running');
  const cgroup = (await status(h, 'orphan')).cgroup as string;
  launcher.kill('SIGKILL');
  await launcher;
  t.true(h.ours().length >= 3, 'the container outlives its launcher');
  rmSync(join(h.runtimeDir, 'containers', 'orphan'), { recursive: true });

  const report = JSON.parse((await h.cli(['recover'])).stdout) as { orphan_cgroups: Array<{ path: string; processes: number[]; removed: boolean }> };
  t.is(report.orphan_cgroups.length, 1);
  t.like(report.orphan_cgroups[0], { path: cgroup, removed: false });
  t.true(report.orphan_cgroups[0]!.processes.length >= 3);
  t.true(h.ours().length >= 3, 'without --cleanup, recover only reports');

  const cleaned = await h.cli(['recover', '--cleanup']);
  t.is(cleaned.exitCode, 0, String(cleaned.stderr));
  t.like(JSON.parse(cleaned.stdout), { orphan_cgroups: [{ path: cgroup, removed: true }], errors: [] });
  t.deepEqual(h.ours(), []);
  t.false(existsSync(cgroup));
});

test('recover reports a container that ended unwatched, with its exit status, and cleans up after it', async (t) => {
  const { h } = t.context;
  await h.cli(['launch', '--container_id=gone', '--detach', '--', 'sh', '-c', 'sleep 0.3; exit 5']);
  await until('it ended', async () => (await status(h, 'gone')).state === 'exited');
  const report = JSON.parse((await h.cli(['recover'])).stdout);
  t.like(report, { containers: [{ container_id: 'gone', state: 'exited', cleaned_up: false, termination: { exit_code: 5, signal: null } }], orphan_cgroups: [] });
  const cleaned = JSON.parse((await h.cli(['recover', '--cleanup'])).stdout);
  t.like(cleaned, { containers: [{ container_id: 'gone', cleaned_up: true }] });
  t.deepEqual(JSON.parse((await h.cli(['recover'])).stdout).containers, [], 'nothing is left to recover');
});

const freezer = readCgroupMounts().find((m) => m.controllers.includes('freezer'));
(freezer ? test : test.skip)(`destroy is bounded by --timeout and names what would not die (a frozen parent cgroup, v1)${freezer ? '' : ' (skipped: no v1 freezer hierarchy is mounted)'}`, async (t) => {
  const { h } = t.context;
  await h.cli(['launch', '--container_id=stuck', '--cgroups_hierarchy=v1', '--isolation=posix/cpu', '--detach', '--', 'sleep', '1000']);
  const parent = join(freezer!.mountPoint, h.cgroupsRoot);
  writeFileSync(join(parent, 'freezer.state'), 'FROZEN');
  try {
    // Were it to hang, ava's timeout would fail the test: no clock is read here.
    const r = await h.cli(['destroy', '--container_id=stuck', '--timeout=1']);
    t.is(r.exitCode, 1);
    t.regex(String(r.stderr), /\(sleep, state/);
    t.regex(String(r.stderr), /container 'stuck': processes in cgroup \S+\/stuck did not die within 1s: (\d+ \(\S+, state \w\)(, )?)+/);
  } finally {
    writeFileSync(join(parent, 'freezer.state'), 'THAWED');
  }
  t.like(JSON.parse((await h.cli(['destroy', '--container_id=stuck'])).stdout), { outcome: 'destroyed' });
  t.deepEqual(h.ours(), []);
});
