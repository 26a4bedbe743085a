// The harness's last resorts, for a test process that ends before its
// teardown (ava ends a worker that timed out with SIGTERM, Ctrl-C sends
// SIGINT, a process may be killed outright): nothing it made is left, and
// what was found is said, container by container. And its leak check names
// the container a leaked process belongs to.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import { readCgroupMounts } from '../../src/cgroups/mounts.js';
import { identify, isAlive } from '../../src/proc/identity.js';
import type { HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';
import { processesOf, sweepStaleHarnesses } from '../helpers/harness-sweep.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

interface Abandoned {
  root: string;
  cgroupsRoot: string;
  pid: number;
  stderr: () => string;
  exited: Promise<void>;
}

/** A test process (abandoned-harness.ts) with a container running, not torn down. */
async function abandonedHarness(): Promise<Abandoned> {
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: '' };
  const child = spawn(process.execPath, ['--import=tsx', new URL('../helpers/abandoned-harness.ts', import.meta.url).pathname], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    void exited.then(() => reject(new Error(`the abandoned harness exited first: ${stderr}`)));
  });
  return { ...(JSON.parse(line) as Omit<Abandoned, 'stderr' | 'exited'>), stderr: () => stderr, exited };
}

function nothingLeft(t: { deepEqual: (a: unknown, b: unknown, m?: string) => void; false: (a: boolean, m?: string) => void }, a: Abandoned): void {
  t.deepEqual(processesOf(a), [], 'no process of the harness is left');
  t.deepEqual(readCgroupMounts().map((m) => join(m.mountPoint, a.cgroupsRoot)).filter(existsSync), [], 'its cgroups are gone');
  t.false(existsSync(a.root), 'its directory is gone');
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`a test process ended by ${signal} before its teardown leaves nothing, and names the container it swept`, async (t) => {
    const a = await abandonedHarness();
    t.not(processesOf(a).length, 0, 'the container runs');
    process.kill(a.pid, signal);
    await a.exited;
    nothingLeft(t, a);
    t.regex(a.stderr(), /\(container orphan\) .*sleep 1000/);
  });
}

test('a test process killed outright is swept by the next one, which names the container', async (t) => {
  const a = await abandonedHarness();
  process.kill(a.pid, 'SIGKILL');
  await a.exited;
  t.not(processesOf(a).length, 0, 'its container outlived it');
  const swept = sweepStaleHarnesses().filter((line) => line.includes(a.root));
  nothingLeft(t, a);
  t.true(swept.some((line) => /\(container orphan\) .*sleep 1000/.test(line)), swept.join('\n'));
});

test('the leak check names the container of a process it left', async (t) => {
  const { h } = t.context;
  t.is((await h.cli(['launch', '--container_id=escaped', '--detach', '--', 'sleep', '1000'])).exitCode, 0);
  const state = JSON.parse(readFileSync(join(h.runtimeDir, 'containers', 'escaped', 'state.json'), 'utf8')) as { init: { pid: number } };
  const init = identify(state.init.pid)!;
  // As if its record were lost: the container runs on, and no destroy knows it.
  const leaks = h.leaks();
  t.true(leaks.processes.some((p) => p.startsWith(`${init.pid} (container escaped) `)), leaks.processes.join('\n'));
  t.true(leaks.cgroups.some((c) => c.includes('(container escaped: has processes')), leaks.cgroups.join('\n'));
  await h.containerizer().destroy('escaped');
  t.false(isAlive(init));
});
