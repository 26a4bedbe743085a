// The init stub runs as root before the task's own privileges apply: nothing
// of the task's (its environment above all, which ld.so reads) may reach it.
// The task's environment reaches only the task's execve.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import { fixtureLibrary } from '../helpers/fixture-programs.js';
import type { HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

/** A world-writable log the preloaded library appends "<uid> <comm>" lines to. */
function uidLog(t: { teardown(fn: () => void): void }): { path: string; lines(): string[] } {
  const dir = mkdtempSync('/tmp/mct-uidlog-');
  chmodSync(dir, 0o755);
  const path = join(dir, 'log');
  writeFileSync(path, '');
  chmodSync(path, 0o666);
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return { path, lines: () => readFileSync(path, 'utf8').split('\n').filter(Boolean) };
}

async function until(what: string, probe: () => boolean): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (probe()) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting until ${what}`);
}

// The library is on the host's /tmp: without filesystem/shared the task sees it there.
const isolation = '--isolation=namespaces/pid';

test('an LD_PRELOAD library in the task environment never runs as root: launch --user=nobody', async (t) => {
  const { h } = t.context;
  const log = uidLog(t);
  const preload = [`--env=LD_PRELOAD=${fixtureLibrary('record-uid')}`, `--env=RECORD_UID_LOG=${log.path}`];
  const r = await h.cli(['launch', '--container_id=preload', isolation, '--user=nobody', ...preload, '--', 'true']);
  t.is(r.exitCode, 0, String(r.stderr));
  const lines = log.lines();
  t.true(lines.some((line) => line.startsWith('65534 ')), `the task loaded it, as nobody: ${JSON.stringify(lines)}`);
  t.deepEqual(lines.filter((line) => !line.startsWith('65534 ')), [], 'nothing loaded it with another uid');
});

test('an LD_PRELOAD library in the task environment never runs as root: enter', async (t) => {
  const { h } = t.context;
  const log = uidLog(t);
  const preload = [`--env=LD_PRELOAD=${fixtureLibrary('record-uid')}`, `--env=RECORD_UID_LOG=${log.path}`];
  const launched = await h.cli(['launch', '--container_id=entered', '--detach', isolation, '--user=nobody', ...preload, '--', 'sleep', '1000']);
  t.is(launched.exitCode, 0, String(launched.stderr));
  await until('the task loaded the library', () => log.lines().length > 0);
  writeFileSync(log.path, '');

  const r = await h.cli(['enter', '--container_id=entered', '--', 'sh', '-c', 'echo "$RECORD_UID_LOG"; id -u']);
  t.is(r.exitCode, 0, String(r.stderr));
  t.is(r.stdout, `${log.path}\n65534`, "the entered process has the task's environment and user");
  const lines = log.lines();
  t.true(lines.some((line) => line.startsWith('65534 ')), `the entered process loaded it, as nobody: ${JSON.stringify(lines)}`);
  t.deepEqual(lines.filter((line) => !line.startsWith('65534 ')), [], 'nothing loaded it with another uid');
});

test("the stub's own environment is empty: nothing from the task, nothing from the caller", async (t) => {
  const { h } = t.context;
  const caller = { ...process.env, NODE_EXTRA_CA_CERTS: '', LD_LIBRARY_PATH: '/caller-marker', MESOS_CALLER_MARKER: 'x' };
  const r = await h.cli(['launch', '--container_id=quiet', '--detach', '--env=TASK_MARKER=y', '--', 'sleep', '1000'], { env: caller, extendEnv: false });
  t.is(r.exitCode, 0, String(r.stderr));
  const status = JSON.parse((await h.cli(['status', '--container_id=quiet'])).stdout);
  const init: number = status.pid;
  const monitor = Number(readFileSync(`/proc/${init}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  t.is(readFileSync(`/proc/${monitor}/environ`, 'latin1'), '', "the stub's outer process");
  t.is(readFileSync(`/proc/${init}/environ`, 'latin1'), '', "the container's init");
  const task = Number(readFileSync(`/proc/${init}/task/${init}/children`, 'utf8').trim());
  const taskEnv = readFileSync(`/proc/${task}/environ`, 'latin1').split('\0');
  t.true(taskEnv.includes('TASK_MARKER=y'), 'the task has its environment');
  t.false(taskEnv.some((e) => e.startsWith('LD_LIBRARY_PATH=') || e.startsWith('MESOS_CALLER_MARKER=')), 'and nothing else of the caller');
});

test('the task environment arrives intact: newlines, "=" and empty values', async (t) => {
  const c = t.context.h.containerizer();
  const env = { MULTI: 'line one\nline two', EQUALS: 'a=b=c', EMPTY: '', SPACES: '  padded  ' };
  const launched = await c.launch({ containerId: 'exact', command: { value: 'env -0 > env0' }, env });
  t.is((await launched.exited).exit_code, 0);
  const seen = new Map(readFileSync(join(launched.sandbox, 'env0'), 'utf8').split('\0').filter(Boolean).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
  for (const [name, value] of Object.entries(env)) t.is(seen.get(name), value, name);
  t.is(seen.get('MESOS_CONTAINER_ID'), 'exact');
});

test("the program is looked up on the task's PATH, with the task's credentials", async (t) => {
  const { h } = t.context;
  const bin = join(h.root, 'task-bin');
  mkdirSync(bin);
  chmodSync(h.root, 0o755);
  writeFileSync(join(bin, 'hello-from-task-path'), '#!/bin/sh\necho found "$(id -u)"\n', { mode: 0o755 });
  const found = await h.cli(['launch', '--container_id=path', isolation, '--user=nobody', `--env=PATH=${bin}:/usr/bin:/bin`, '--', 'hello-from-task-path']);
  t.is(found.exitCode, 0, String(found.stderr));
  t.is(found.stdout, 'found 65534');
  chmodSync(bin, 0o700); // root could still search it; nobody cannot
  const hidden = await h.cli(['launch', '--container_id=hidden', isolation, '--user=nobody', `--env=PATH=${bin}`, '--', 'hello-from-task-path']);
  t.is(hidden.exitCode, 126, String(hidden.stderr));
  t.regex(String(hidden.stderr), /cannot execute 'hello-from-task-path': Permission denied/);
});

test('an environment variable with a NUL byte is refused in one line, leaving nothing', async (t) => {
  const { h } = t.context;
  const command = JSON.stringify({ value: 'true', environment: { variables: [{ name: 'BAD', value: 'a\u0000b' }] } });
  const r = await h.cli(['launch', '--container_id=nul', `--command=${command}`]);
  t.is(r.exitCode, 125);
  t.regex(String(r.stderr), /'environment\.variables\[0\]\.value' \(variable 'BAD'\) must not contain a NUL byte/);
  t.is(String(r.stderr).trim().split('\n').length, 1);
  t.deepEqual(h.ours(), []);
  t.deepEqual(t.context.h.containerizer().containers(), []);
});
