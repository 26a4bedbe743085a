// The init stub's --oom-cgroup, driven directly. This VM has no cgroup v2
// memory controller, so the v2 path (inotify on memory.events) is driven
// here through a directory that holds the same files: the stub cannot tell,
// and the kernel's own notification of memory.events is what inotify
// reports for any write. The real v1 path is in memory-limitation.test.ts.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import { memoryLimitation } from '../../src/isolators/cgroups/mem.js';
import { initStubPath } from '../../src/launcher/init-stub.js';
import type { HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

const EVENTS = (kills: number): string => `low 0\nhigh 3\nmax 12\noom ${kills}\noom_kill ${kills}\noom_group_kill 0\n`;

function startStub(root: string, oomCgroup: string): { run: string; exited: Promise<[number | null, NodeJS.Signals | null]>; stderr: () => string } {
  const run = join(root, 'entry');
  mkdirSync(run, { recursive: true });
  const child = spawn(initStubPath(), ['--exit-file', join(run, 'termination.json'), '--oom-cgroup', oomCgroup, '--unshare-pid', '--', 'sleep', '1000'], {
    // The harness finds leftovers by this path in their environment.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HARNESS_ROOT: root },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { run, exited: once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>, stderr: () => stderr };
}

const cases = [
  { title: 'a limit and a peak', files: { 'memory.max': '67108864\n', 'memory.peak': '70254592\n' } },
  { title: 'no limit and no memory.peak (Linux < 5.19)', files: { 'memory.max': 'max\n' } },
];

for (const c of cases) {
  test(`v2: the first oom_kill in memory.events is recorded as the limitation, then the container is killed (${c.title})`, async (t) => {
    const { h } = t.context;
    const cgroup = join(h.root, 'memory-cgroup');
    mkdirSync(cgroup);
    for (const [name, text] of Object.entries(c.files)) writeFileSync(join(cgroup, name), text);
    writeFileSync(join(cgroup, 'memory.events'), EVENTS(0));
    const stub = startStub(h.root, cgroup);

    // A change that is not a kill leaves the container running.
    writeFileSync(join(cgroup, 'memory.events'), EVENTS(0).replace('high 3', 'high 4'));
    const early = await Promise.race([stub.exited, new Promise((resolve) => setTimeout(resolve, 300, 'running'))]);
    t.is(early, 'running', `the stub ended without a kill: ${stub.stderr()}`);
    t.false(existsSync(join(stub.run, 'limitation.json')));

    writeFileSync(join(cgroup, 'memory.events'), EVENTS(1));
    const [code, signal] = await stub.exited;
    t.deepEqual([code, signal], [137, null], stub.stderr());
    const recorded = readFileSync(join(stub.run, 'limitation.json'), 'utf8');
    // The stub's message is the one the containerizer composes from the same files.
    t.is(recorded, `${JSON.stringify(memoryLimitation({ version: 2, mountPoint: h.root, path: cgroup }))}\n`);
    t.like(JSON.parse(readFileSync(join(stub.run, 'termination.json'), 'utf8')), { exit_code: null, signal: 9 });
    t.deepEqual(h.ours(), []);
  });
}

test('--oom-cgroup that is not a memory cgroup stops the stub before anything runs, naming it', async (t) => {
  const { h } = t.context;
  const notMemory = join(h.root, 'plain-dir');
  mkdirSync(notMemory);
  const stub = startStub(h.root, notMemory);
  const [code] = await stub.exited;
  t.is(code, 125);
  t.is(stub.stderr(), `mesos-containerizer-init: '${notMemory}' is not a memory cgroup (it has neither memory.events nor memory.oom_control)\n`);
  t.deepEqual(h.ours(), []);
});
