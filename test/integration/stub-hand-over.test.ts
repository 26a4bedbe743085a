// The init stub's hand-over mode (--record), driven directly: it writes the
// record naming the init and itself before the task may start; a destroy
// request found then keeps the task from ever running; and a launch that
// fails before its task runs is handed back: the stub execs the command
// line it was given, with the error and the container's lock.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import { initStubPath } from '../../src/launcher/init-stub.js';
import type { HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

interface Run {
  entry: string;
  code: number | null;
  stderr: string;
}

/**
 * The stub as a handed-over launch runs it, with its fds at 3 (the record
 * template), 4 (the lock: the entry, open), 5 (the hand-back) and 6 (the
 * task's environment). The hand-back is a shell that writes what it got.
 */
async function handOver(root: string, options: { destroyRequested?: boolean; program?: string }): Promise<Run> {
  const entry = join(root, 'entry');
  mkdirSync(entry, { recursive: true });
  if (options.destroyRequested) writeFileSync(join(entry, 'destroyed.json'), '{}\n');
  writeFileSync(join(root, 'template'), JSON.stringify({ format: 2, containerId: 'x', phase: 'running', note: 'from the template' }));
  const handBackScript = `echo "$MESOS_CONTAINERIZER_HANDED_BACK" > ${entry}/handed-back; readlink /proc/$$/fd/4 > ${entry}/lock-fd`;
  writeFileSync(join(root, 'hand-back'), ['/bin/sh', '-c', handBackScript, '', `HARNESS_ROOT=${root}`].map((e) => `${e}\0`).join(''));
  writeFileSync(join(root, 'env'), `PATH=/usr/bin:/bin\0HARNESS_ROOT=${root}\0`);
  const fds = ['template', 'entry', 'hand-back', 'env'].map((name) => openSync(join(name === 'entry' ? entry : root, name === 'entry' ? '.' : name), 'r'));
  try {
    const args = ['--env-fd', '6', '--container-id', 'x', '--record', join(entry, 'state.json'), '--record-template-fd', '3', '--destroy-request', join(entry, 'destroyed.json'),
      '--lock-fd', '4', '--hand-back-fd', '5', '--exit-file', join(entry, 'termination.json'), '--unshare-pid', '--', options.program ?? 'sh', '-c', `touch ${entry}/task-ran`];
    const child = spawn(initStubPath(), args, { env: {}, stdio: ['ignore', 'ignore', 'pipe', ...fds] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    return { entry, code, stderr };
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}

test('the record names the init and the stub itself, before the task runs, from the template', async (t) => {
  const run = await handOver(t.context.h.root, {});
  t.is(run.code, 0, run.stderr);
  t.true(existsSync(join(run.entry, 'task-ran')));
  const state = JSON.parse(readFileSync(join(run.entry, 'state.json'), 'utf8'));
  t.like(state, { format: 2, containerId: 'x', phase: 'running', note: 'from the template', newPidNamespace: true });
  t.true(Number.isInteger(state.init.pid) && Number.isInteger(state.monitor.pid) && state.init.pid !== state.monitor.pid);
  t.true(state.pidNamespace > 0);
  t.like(JSON.parse(readFileSync(join(run.entry, 'termination.json'), 'utf8')), { exit_code: 0, signal: null });
  t.false(existsSync(join(run.entry, 'handed-back')), 'a launch whose task ran is not handed back');
});

test('a destroy requested by then: the task never runs, and the launch is handed back with the lock', async (t) => {
  const run = await handOver(t.context.h.root, { destroyRequested: true });
  t.is(run.code, 0, run.stderr); // the hand-back's own status
  t.false(existsSync(join(run.entry, 'task-ran')), 'the task never ran');
  t.like(JSON.parse(readFileSync(join(run.entry, 'handed-back'), 'utf8')), { event: 'error', stage: 'sync', message: 'it was destroyed during launch' });
  t.is(readFileSync(join(run.entry, 'lock-fd'), 'utf8').trim(), run.entry, 'the entry (its lock) is still open in the hand-back');
});

test('a task that cannot be executed: the launch is handed back with the exec error, which its termination record holds too', async (t) => {
  const run = await handOver(t.context.h.root, { program: '/nonexistent/program' });
  t.like(JSON.parse(readFileSync(join(run.entry, 'handed-back'), 'utf8')), { event: 'error', stage: 'exec', code: 'ENOENT', status: 127 });
  t.like(JSON.parse(readFileSync(join(run.entry, 'termination.json'), 'utf8')), { exit_code: 127, error: { stage: 'exec' } });
});
