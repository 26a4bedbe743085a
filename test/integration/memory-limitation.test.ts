// A memory limitation is seen while the container runs, whichever of its
// processes the kernel OOM-killed: the stub's outer process watches the
// memory cgroup, records the limitation, then ends the container, so every
// reader (status, wait, list, destroy) says so from its first call, with no
// Node process following the container.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import anyTest from 'ava';
import type { ExecutionContext, TestFn } from 'ava';

import { locateController } from '../../src/cgroups/controllers.js';
import { readCgroupMounts, v2Controllers } from '../../src/cgroups/mounts.js';
import { memoryLimitation } from '../../src/isolators/cgroups/mem.js';
import type { Harness, HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

const hasMemory = (choice: 'auto' | 'v1' | 'v2'): boolean => {
  try {
    locateController('memory', choice);
    return true;
  } catch {
    return false;
  }
};
const v2 = readCgroupMounts().find((m) => m.version === 2);
if (!hasMemory('v2')) {
  const why = v2 ? `${v2.mountPoint} has no memory controller (it has: ${v2Controllers(v2.mountPoint).join(' ') || 'none'})` : 'no cgroup v2 is mounted';
  test.skip(`a child OOM-killed on cgroup v2 memory ends the container: skipped here, ${why}`, () => undefined);
}
// auto: the container's cgroup where auto puts it (v2 with cgroup.kill here),
// memory from wherever the controller is; v1: everything on v1.
const hierarchies = (['auto', 'v1', 'v2'] as const).filter(hasMemory);

/** Allocates 2^28 bytes in one string: past a 64 MB limit, so the kernel kills it. */
const ALLOCATE = `awk 'BEGIN { s = "x"; for (i = 0; i < 28; i++) s = s s; print "allocated" }'`;
/** The child is killed; the main process would sleep on for good. */
const CHILD_HOG = `${ALLOCATE}; echo survived; sleep 1000`;
const LIMITATION = /^Memory limit exceeded: requested 64 MB, maximum used \d+ MB; the kernel killed a process of the container \(out of memory\)$/;

const LIMITATION_LINE = /^mesos-containerizer: container 'fg': Memory limit exceeded: requested 64 MB, maximum used \d+ MB; the kernel killed a process of the container \(out of memory\)$/;

type Status = Record<string, unknown> & { state: string; limitation: { resource: string; message: string } | null };

async function statusOf(h: Harness, id: string, flags: string[]): Promise<Status> {
  const r = await h.cli(['status', `--container_id=${id}`, ...flags]);
  return JSON.parse(String(r.stdout)) as Status;
}

/** Status until the container has ended, with a deadline (the container would otherwise sleep 1000 s). */
async function untilExited(t: ExecutionContext, h: Harness, id: string, flags: string[]): Promise<Status> {
  const deadline = Date.now() + 30_000;
  let status = await statusOf(h, id, flags);
  while (status.state !== 'exited' && Date.now() < deadline) {
    await sleep(50);
    status = await statusOf(h, id, flags);
  }
  t.is(status.state, 'exited', `container '${id}' was not ended for its memory limitation: ${JSON.stringify(status)}`);
  return status;
}

async function noProcessLeft(h: Harness): Promise<number[]> {
  const deadline = Date.now() + 5_000;
  while (h.ours().length > 0 && Date.now() < deadline) await sleep(20);
  return h.ours();
}

for (const hierarchy of hierarchies) {
  for (const isolation of ['namespaces/pid,cgroups/mem', 'cgroups/mem']) {
    const pidNamespace = isolation.includes('namespaces/pid') ? 'pid namespace' : 'no pid namespace';
    test(`a detached container whose child is OOM-killed is ended, and status, list and the first wait say why (${pidNamespace}, --cgroups_hierarchy=${hierarchy})`, async (t) => {
      const { h } = t.context;
      const flags = [`--isolation=${isolation}`, `--cgroups_hierarchy=${hierarchy}`];
      const launched = await h.cli(['launch', '--container_id=hog', ...flags, '--mem=64', '--detach', '--', 'sh', '-c', CHILD_HOG]);
      t.is(launched.exitCode, 0, String(launched.stderr));

      const status = await untilExited(t, h, 'hog', flags);
      t.is(status.limitation?.resource, 'mem');
      t.regex(status.limitation?.message ?? '', LIMITATION);
      t.like(status, { signal: 9, exit_code: null, message: status.limitation?.message });
      t.deepEqual(await noProcessLeft(h), [], 'every process of the container is gone, before any wait or destroy');
      // The stub composed the message; the containerizer composes the same from the same cgroup.
      const memory = locateController('memory', hierarchy);
      t.deepEqual(memoryLimitation({ version: memory.version, mountPoint: memory.mountPoint, path: join(memory.mountPoint, h.cgroupsRoot, 'hog') }), status.limitation);

      const listed = JSON.parse(String((await h.cli(['list', '--json', ...flags])).stdout)) as Status[];
      t.deepEqual(listed.map((c) => [c.container_id, c.state, c.limitation]), [['hog', 'exited', status.limitation]]);
      const waited = JSON.parse(String((await h.cli(['wait', '--container_id=hog', ...flags])).stdout));
      t.like(waited, { signal: 9, limitation: status.limitation, message: status.limitation?.message });
      const destroyed = JSON.parse(String((await h.cli(['destroy', '--container_id=hog', ...flags])).stdout));
      t.like(destroyed, { outcome: 'already_ended', limitation: status.limitation });
    });
  }

  test(`an in-process container whose child is OOM-killed is ended, and status and the first wait say why, here and in another process (--cgroups_hierarchy=${hierarchy})`, async (t) => {
    const { h } = t.context;
    const c = h.containerizer({ isolation: 'namespaces/pid,cgroups/mem', cgroupsHierarchy: hierarchy });
    const launched = await c.launch({ containerId: 'hog', resources: { mem: 64 }, command: { value: CHILD_HOG } });
    const end = await launched.exited;
    t.is(end.limitation?.resource, 'mem');
    t.regex(end.message, LIMITATION);
    t.is(end.signal, 9);
    t.like(c.status('hog'), { state: 'exited', limitation: end.limitation });
    t.like(await c.wait('hog'), { signal: 9, limitation: end.limitation });
    // Another process (a restarted agent, the CLI) sees the same.
    const other = h.containerizer({ isolation: 'namespaces/pid,cgroups/mem', cgroupsHierarchy: hierarchy });
    t.like(other.status('hog'), { state: 'exited', limitation: end.limitation });
    t.like(await other.wait('hog'), { signal: 9, limitation: end.limitation });
  });

  test(`a foreground launch whose child is OOM-killed prints the limitation on one line and exits 137 (--cgroups_hierarchy=${hierarchy})`, async (t) => {
    const { h } = t.context;
    const flags = ['--isolation=namespaces/pid,cgroups/mem', `--cgroups_hierarchy=${hierarchy}`];
    const r = await h.cli(['launch', '--container_id=fg', ...flags, '--mem=64', '--', 'sh', '-c', CHILD_HOG]);
    t.is(r.exitCode, 137);
    // The task shares stderr (its shell says "Killed"); ours is one line.
    const ours = String(r.stderr).split('\n').filter((line) => line.startsWith('mesos-containerizer'));
    t.is(ours.length, 1, String(r.stderr));
    t.regex(ours[0]!, LIMITATION_LINE);
  });

  test(`a task that stays under its memory limit ends with no limitation (--cgroups_hierarchy=${hierarchy})`, async (t) => {
    const { h } = t.context;
    const flags = ['--isolation=namespaces/pid,cgroups/mem', `--cgroups_hierarchy=${hierarchy}`];
    const r = await h.cli(['launch', '--container_id=small', ...flags, '--mem=64', '--', 'sh', '-c', `${ALLOCATE.replace('< 28', '< 20')} >/dev/null; exit 3`]);
    t.is(r.exitCode, 3, String(r.stderr));
    t.like(await statusOf(h, 'small', flags), { state: 'exited', exit_code: 3, limitation: null });
  });
}
