// A container's monitor records its end, then exits: on a busy host the
// fsync after that record can hold it for a while. destroy and gc return
// only once it is gone too: nothing of the container is left when they
// answer (the monitor would otherwise remove cgroups after the fact, and a
// test's leak check finds it). Each container here is launched by another
// process (the CLI, which is gone by then, as an agent that was killed), and
// MONITOR_LINGER_ENV holds its monitor 3 s after its record: a wide window.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import { MONITOR_LINGER_ENV } from '../../src/launcher/init-stub.js';
import type { ProcessIdentity } from '../../src/proc/identity.js';
import { isAlive } from '../../src/proc/identity.js';
import type { HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

const LINGER = { env: { [MONITOR_LINGER_ENV]: '3000', NODE_EXTRA_CA_CERTS: '' } };

function monitorOf(runtimeDir: string, id: string): ProcessIdentity {
  const state = JSON.parse(readFileSync(join(runtimeDir, 'containers', id, 'state.json'), 'utf8')) as { monitor?: ProcessIdentity };
  if (!state.monitor) throw new Error(`container ${id} has no monitor in its record`);
  return state.monitor;
}

test('destroy returns once the monitor that recorded the end has exited', async (t) => {
  const { h } = t.context;
  const c = h.containerizer();
  t.is((await h.cli(['launch', '--container_id=lingering', '--detach', '--', 'sleep', '1000'], LINGER)).exitCode, 0);
  const monitor = monitorOf(h.runtimeDir, 'lingering');
  const { outcome, termination } = await c.destroy('lingering');
  t.is(outcome, 'destroyed');
  t.is(termination.signal, 9);
  t.false(isAlive(monitor), `the monitor (pid ${monitor.pid}) is still running after destroy returned`);
});

test('gc of a container that ended by itself returns once its monitor has exited', async (t) => {
  const { h } = t.context;
  const c = h.containerizer();
  t.is((await h.cli(['launch', '--container_id=ends', '--detach', '--', 'true'], LINGER)).exitCode, 0);
  const monitor = monitorOf(h.runtimeDir, 'ends');
  await c.wait('ends'); // the end is recorded; the monitor stays a while
  await c.gc({ containerId: 'ends' });
  t.false(isAlive(monitor), `the monitor (pid ${monitor.pid}) is still running after gc returned`);
  t.deepEqual(c.containers(), [], 'forgotten');
});
