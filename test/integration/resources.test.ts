// cgroups/cpu and cgroups/mem: limits really limit, a memory limit hit is the
// container's end and its reason, update changes limits of a running task.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import { locateController } from '../../src/cgroups/controllers.js';
import { readCgroupMounts, v2Controllers } from '../../src/cgroups/mounts.js';
import type { HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

const has = (controller: 'cpu' | 'memory', choice: 'v1' | 'v2'): boolean => {
  try {
    locateController(controller, choice);
    return true;
  } catch {
    return false;
  }
};
const v2 = readCgroupMounts().find((m) => m.version === 2);
const hierarchies = (['v1', 'v2'] as const).filter((choice) => has('memory', choice));
const whyNot = (choice: 'v1' | 'v2'): string =>
  choice === 'v2'
    ? v2 ? `${v2.mountPoint} has no memory controller (it has: ${v2Controllers(v2.mountPoint).join(' ') || 'none'})` : 'no cgroup v2 is mounted'
    : 'no cgroup v1 memory hierarchy is mounted';
for (const missing of (['v1', 'v2'] as const).filter((choice) => !hierarchies.includes(choice))) {
  test.skip(`memory limits on cgroup ${missing}: skipped here, ${whyNot(missing)}`, () => undefined);
}

/** Allocates 2^bits bytes in one string; the shell goes on if it is killed. */
const allocate = (bits: number): string => `awk 'BEGIN { s = "x"; for (i = 0; i < ${bits}; i++) s = s s; print "allocated" }'`;

for (const hierarchy of hierarchies) {
  test(`a task allocating past its memory limit ends with the memory limitation as its reason (${hierarchy})`, async (t) => {
    const c = t.context.h.containerizer({ isolation: 'namespaces/pid,cgroups/mem', cgroupsHierarchy: hierarchy });
    // The loop outlives each OOM kill: only the destroy for the limitation ends it.
    const launched = await c.launch({ containerId: 'hog', resources: { mem: 64 }, command: { value: `while :; do ${allocate(28)}; done` } });
    const end = await launched.exited;
    t.is(end.limitation?.resource, 'mem');
    t.regex(end.message, /^Memory limit exceeded: requested 64 MB, maximum used \d+ MB/);
    t.is(end.signal, 9, 'it was destroyed');
    t.like(c.status('hog'), { state: 'exited', limitation: { resource: 'mem' } });
  });

  test(`a detached container that ends right after an OOM kill shows the limitation from the first status that sees it ended (${hierarchy})`, async (t) => {
    const { h } = t.context;
    const flags = ['--isolation=namespaces/pid,cgroups/mem', `--cgroups_hierarchy=${hierarchy}`, '--mem=64'];
    // The shell exits as soon as its child is killed: its end races the
    // stub's kill, and the limitation must be recorded before either end is.
    t.is((await h.cli(['launch', '--container_id=unwatched', ...flags, '--detach', '--', 'sh', '-c', `${allocate(28)}; exit 0`])).exitCode, 0);
    const ended = async (): Promise<Record<string, unknown>> => JSON.parse((await h.cli(['status', '--container_id=unwatched'])).stdout);
    let status = await ended();
    for (let i = 0; i < 200 && status.state !== 'exited'; i++) status = await ended();
    t.like(status, { state: 'exited', limitation: { resource: 'mem' } });
    t.like(JSON.parse((await h.cli(['wait', '--container_id=unwatched'])).stdout), { limitation: { resource: 'mem' } });
  });

  test(`update raises a memory limit while the task runs (${hierarchy})`, async (t) => {
    const { h } = t.context;
    const flags = ['--isolation=namespaces/pid,cgroups/mem', `--cgroups_hierarchy=${hierarchy}`];
    const script = `while [ ! -e go ]; do sleep 0.05; done; ${allocate(27)}`;
    t.is((await h.cli(['launch', '--container_id=grow', ...flags, '--mem=32', '--detach', '--', 'sh', '-c', script])).exitCode, 0);
    const status = JSON.parse((await h.cli(['status', '--container_id=grow'])).stdout);
    const cgroup = h.containerizer().status('grow');
    t.deepEqual(status.resources, { mem: 32 });
    const updated = await h.cli(['update', '--container_id=grow', '--mem=512', ...flags]);
    t.is(updated.exitCode, 0, String(updated.stderr));
    t.deepEqual(JSON.parse(updated.stdout).resources, { mem: 512 });
    const memoryCgroup = hierarchy === 'v1' ? join(locateController('memory', 'v1').mountPoint, h.cgroupsRoot, 'grow') : cgroup.cgroup!;
    t.is(readFileSync(join(memoryCgroup, hierarchy === 'v1' ? 'memory.limit_in_bytes' : 'memory.max'), 'utf8').trim(), String(512 * 1024 * 1024));
    await import('node:fs').then((fs) => fs.writeFileSync(join(h.sandbox('grow'), 'go'), ''));
    const end = JSON.parse((await h.cli(['wait', '--container_id=grow'])).stdout);
    t.like(end, { exit_code: 0, limitation: null });
    t.is(readFileSync(join(h.sandbox('grow'), 'stdout'), 'utf8'), 'allocated\n');
  });
}

const taskset = existsSync('/usr/bin/taskset');
const hasCpu = has('cpu', 'v1') || has('cpu', 'v2');
const cpuSkip = !hasCpu ? ' (skipped: no cpu controller here)' : !taskset ? ' (skipped: taskset is not installed)' : '';
(cpuSkip ? test.skip : test)(`two CPU-bound containers with shares 1:3 get roughly that ratio of CPU time${cpuSkip}`, async (t) => {
  const c = t.context.h.containerizer({ isolation: 'namespaces/pid,cgroups/cpu' });
  // Both on CPU 0, so that they compete (two cores would give each its own).
  const spin = { value: "exec taskset -c 0 awk 'BEGIN { while (1) n++ }'" };
  await c.launch({ containerId: 'light', resources: { cpus: 0.25 }, command: spin });
  await c.launch({ containerId: 'heavy', resources: { cpus: 0.75 }, command: spin });
  const cpu = async (id: string): Promise<number> => {
    const u = await c.usage(id);
    return u.cpus_user_time_secs + u.cpus_system_time_secs;
  };
  await sleep(300);
  const start = { light: await cpu('light'), heavy: await cpu('heavy') };
  // Until they have shared 1.5 s of CPU 0 between them: on a loaded machine
  // that takes longer, but the split between the two stays the shares'.
  let light = 0;
  let heavy = 0;
  for (const deadline = Date.now() + 60_000; heavy + light < 1.5 && Date.now() < deadline; ) {
    await sleep(250);
    light = (await cpu('light')) - start.light;
    heavy = (await cpu('heavy')) - start.heavy;
  }
  const ratio = heavy / light;
  t.log(`light ${light.toFixed(2)}s, heavy ${heavy.toFixed(2)}s, ratio ${ratio.toFixed(2)} (shares 256:768)`);
  t.true(heavy + light >= 1.5, 'they shared 1.5 s of CPU within a minute');
  t.true(ratio > 1.8 && ratio < 5, `ratio ${ratio}`);
  await c.destroy('light');
  await c.destroy('heavy');
});

test('resource flags are checked, and update needs the isolator', async (t) => {
  const { h } = t.context;
  const bad = await h.cli(['launch', '--container_id=x', '--isolation=cgroups/mem', '--mem=-5', '--', 'true']);
  t.is(bad.exitCode, 125);
  t.regex(String(bad.stderr), /invalid --mem=-5: it must be a positive number/);
  await h.cli(['launch', '--container_id=plain', '--isolation=namespaces/pid', '--detach', '--', 'sleep', '100']);
  const refused = await h.cli(['update', '--container_id=plain', '--mem=128']);
  t.is(refused.exitCode, 1);
  t.regex(String(refused.stderr), /container 'plain' was launched without cgroups\/mem: its mem cannot be updated/);
  t.regex(String((await h.cli(['update', '--container_id=plain'])).stderr), /update needs --cpus or --mem/);
  t.regex(String((await h.cli(['update', '--container_id=ghost', '--mem=1'])).stderr), /unknown container 'ghost'/);
});

const lacking = (['v2', 'v1'] as const).find((choice) => !has('memory', choice));
(lacking ? test : test.skip)(`a limit on a controller the machine lacks is a clear error, and leaves nothing${lacking ? '' : ' (skipped: every hierarchy here has the memory controller)'}`, async (t) => {
  const { h } = t.context;
  const missing = lacking!;
  const r = await h.cli(['launch', '--container_id=nomem', `--cgroups_hierarchy=${missing}`, '--isolation=cgroups/mem', '--mem=64', '--', 'true']);
  t.is(r.exitCode, 125);
  t.regex(String(r.stderr), new RegExp(`the memory controller is not available: .* \\(--cgroups_hierarchy=${missing}\\)`));
  t.false(existsSync(h.sandbox('nomem')));
});
