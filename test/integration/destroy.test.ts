// destroy leaves nothing running, however the processes tried to escape:
// each scenario with and without a pid namespace, on cgroup v1 and v2
// (Mesos's DestroyStoppedProcess and DestroyTracedProcess among them).
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { Containerizer } from '../../src/containerizer/containerizer.js';
import { readCgroupMounts } from '../../src/cgroups/mounts.js';
import type { HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';
import { fixtureProgram } from '../helpers/fixture-programs.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

interface Scenario {
  name: string;
  command: () => string;
  /** Processes to wait for before destroying (init included). */
  ready: number;
}

const scenarios: Scenario[] = [
  { name: '500 sleeping children', command: () => 'for i in $(seq 500); do sleep 1000 & done; wait', ready: 502 },
  { name: 'children that setsid and double-fork into daemons', command: () => 'for i in $(seq 20); do ( setsid sleep 1000 & ); done; sleep 1000', ready: 22 },
  { name: 'a process forking in a tight loop while destroy runs', command: () => 'i=0; while [ $i -lt 4000 ]; do sleep 1000 & i=$((i+1)); done; wait', ready: 100 },
  { name: 'a SIGSTOPped process', command: () => 'sleep 1000 & kill -STOP $!; sleep 1000', ready: 4 },
  { name: 'a ptrace-attached process', command: () => `sleep 1000 & ${fixtureProgram('ptrace-attach')} $! & sleep 1000`, ready: 5 },
];

const hierarchies = readCgroupMounts();
const variants = [
  { label: 'pid namespace', isolation: 'namespaces/pid' },
  { label: 'no pid namespace', isolation: 'posix/cpu' },
].flatMap((v) =>
  (['v2', 'v1'] as const)
    .filter((h) => hierarchies.some((m) => (h === 'v2' ? m.version === 2 : m.controllers.includes('freezer'))))
    .map((hierarchy) => ({ ...v, hierarchy })),
);

for (const missing of (['v2', 'v1'] as const).filter((h) => !variants.some((v) => v.hierarchy === h))) {
  test.skip(`destroy on cgroup ${missing} (skipped: no ${missing === 'v2' ? 'cgroup v2' : 'v1 freezer'} hierarchy is mounted)`, () => undefined);
}

async function waitForProcesses(c: Containerizer, id: string, count: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (c.processes(id).length >= count) return;
    await sleep(25);
  }
  throw new Error(`container ${id} never reached ${count} processes (has ${c.processes(id).length})`);
}

for (const scenario of scenarios) {
  for (const variant of variants) {
    test(`destroy kills ${scenario.name} (${variant.label}, cgroup ${variant.hierarchy})`, async (t) => {
      const { h } = t.context;
      const c = h.containerizer({ isolation: variant.isolation, cgroupsHierarchy: variant.hierarchy });
      const launched = await c.launch({ containerId: 'victim', command: { value: scenario.command() } });
      await waitForProcesses(c, 'victim', scenario.ready);
      const cgroup = c.status('victim').cgroup!;
      t.true(cgroup.startsWith(variant.hierarchy === 'v2' ? hierarchies.find((m) => m.version === 2)!.mountPoint : hierarchies.find((m) => m.controllers.includes('freezer'))!.mountPoint));

      const result = await c.destroy('victim', { timeoutSeconds: 30 });
      t.like(result, { outcome: 'destroyed', termination: { signal: 9, destroyed: true } });
      t.deepEqual(h.ours(), [], 'no process of the container survives');
      t.false(existsSync(cgroup), 'its cgroup is gone');
      t.like(await launched.exited, { signal: 9, destroyed: true });
    });
  }
}
