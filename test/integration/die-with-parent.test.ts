// dieWithParent: the container ends with the process that launched it, even
// when that process is killed with SIGKILL (the agent's non-checkpointing
// frameworks). The stub does it; the end is recorded as for any other.
import { setTimeout as sleep } from 'node:timers/promises';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';
import { eventually } from '../helpers/eventually.js';
import { launchElsewhere } from '../helpers/launch-elsewhere.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

for (const [title, isolation] of [
  ['with a pid namespace', 'namespaces/pid'],
  ['without a pid namespace (the cgroup is killed)', 'posix/cpu'],
] as const) {
  test(`a container launched with dieWithParent ends when its launcher is SIGKILLed, ${title}`, async (t) => {
    const { h } = t.context;
    const holder = await launchElsewhere(h, [{ containerId: 'fate', dieWithParent: true, command: { value: 'sleep 1000 & sleep 1000 & wait' } }], isolation);
    t.is(h.containerizer().status('fate').state, 'running');
    // The stub, the task's shell and its two sleeps (the shell forks them once it runs; launch returns before).
    await eventually(() => h.ours().length >= 4, 'the task and its two sleeps to run');
    await holder.kill();
    const end = await h.containerizer().wait('fate');
    t.is(end.signal, 9);
    t.not(end.finished_at, null, 'the stub recorded the end');
    t.false(end.destroyed, 'nobody asked for a destroy');
    t.deepEqual(h.ours(), [], 'every process of the container is gone');
  });
}

test('without dieWithParent the container outlives its launcher', async (t) => {
  const { h } = t.context;
  const holder = await launchElsewhere(h, [{ containerId: 'survivor', command: { value: 'sleep 1000' } }]);
  await holder.kill();
  await sleep(300);
  t.is(h.containerizer().status('survivor').state, 'running');
  const result = await h.containerizer().destroy('survivor');
  t.is(result.outcome, 'destroyed');
});
