// The CLI as agents and sysadmins use it: one process launches, others
// inspect, wait and destroy.
import { existsSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

test('launch in the foreground shares stdout and exits with the task code', async (t) => {
  const r = await t.context.h.cli(['launch', '--container_id=fg', '--', 'sh', '-c', 'echo "hello from $$"; exit 3']);
  t.is(r.exitCode, 3);
  t.is(r.stdout, 'hello from 2');
});

test('a task killed by signal N makes launch exit with 128+N', async (t) => {
  const r = await t.context.h.cli(['launch', '--container_id=sig', '--', 'sh', '-c', 'kill -KILL $$']);
  t.is(r.exitCode, 137);
});

test('--command takes a CommandInfo, inline or from a file', async (t) => {
  const { h } = t.context;
  const inline = await h.cli(['launch', '--container_id=ci', '--command={"value":"/bin/sh","shell":false,"arguments":["sh","-c","echo $0-$1","zero","one"]}']);
  t.is(inline.stdout, 'zero-one');
  const file = new URL('../../fixtures/command-info/echo-from-file.json', import.meta.url).pathname;
  const fromFile = await h.cli(['launch', '--container_id=cf', `--command=file://${file}`]);
  t.is(fromFile.stdout, 'from-file');
});

test('signals sent to launch reach the task', async (t) => {
  const { h } = t.context;
  const child = h.cli(['launch', '--container_id=trap', '--', 'sh', '-c', "trap 'echo got-term > trapped; exit 7' TERM; touch ready; while :; do sleep 0.05; done"]);
  const ready = join(h.sandbox('trap'), 'ready');
  for (let i = 0; i < 200 && !existsSync(ready); i++) await sleep(25);
  child.kill('SIGTERM');
  const r = await child;
  t.is(r.exitCode, 7);
  t.is(readFileSync(join(h.sandbox('trap'), 'trapped'), 'utf8').trim(), 'got-term');
});

test('a detached container is seen by status, list, ps and wait from other processes', async (t) => {
  const { h } = t.context;
  // It runs until the test releases it: a loaded machine must not end it early.
  const launched = await h.cli(['launch', '--container_id=bg', '--detach', '--', 'sh', '-c', 'echo out; echo err >&2; while [ ! -e release ]; do sleep 0.05; done']);
  t.is(launched.exitCode, 0);
  const info = JSON.parse(launched.stdout) as { container_id: string; pid: number; sandbox: string };
  t.is(info.container_id, 'bg');
  t.is(info.sandbox, h.sandbox('bg'));

  const status = JSON.parse((await h.cli(['status', '--container_id=bg'])).stdout);
  t.like(status, { container_id: 'bg', state: 'running', pid: info.pid, isolation: ['namespaces/pid', 'filesystem/shared'], exit_code: null });
  t.is(`pid:[${status.pid_namespace}]`, readlinkSync(`/proc/${info.pid}/ns/pid`), "the init's own pid namespace");
  t.not(`pid:[${status.pid_namespace}]`, readlinkSync('/proc/self/ns/pid'), 'not the host one');

  const list = await h.cli(['list']);
  t.regex(list.stdout, /^CONTAINER ID\s+STATE/);
  t.regex(list.stdout, /\nbg\s+running\s+\d+/);
  const listed = JSON.parse((await h.cli(['list', '--json'])).stdout) as Array<{ container_id: string }>;
  t.deepEqual(listed.map((c) => c.container_id), ['bg']);

  const ps = JSON.parse((await h.cli(['ps', '--container_id=bg', '--json'])).stdout) as Array<{ pid: number; container_pid: number; command: string[] }>;
  t.deepEqual(ps.slice(0, 2).map((p) => p.container_pid), [1, 2]);
  t.is(ps[0]!.pid, info.pid);
  t.deepEqual(ps[1]!.command.slice(0, 2), ['sh', '-c']);
  const table = await h.cli(['ps', '--container_id=bg']);
  t.regex(table.stdout, /^PID\s+CONTAINER PID\s+STATE\s+COMMAND/);

  writeFileSync(join(h.sandbox('bg'), 'release'), '');
  const waited = await h.cli(['wait', '--container_id=bg']);
  t.deepEqual(JSON.parse(waited.stdout), { ...JSON.parse(waited.stdout), container_id: 'bg', exit_code: 0, signal: null, destroyed: false });
  t.is(readFileSync(join(h.sandbox('bg'), 'stdout'), 'utf8'), 'out\n');
  t.is(readFileSync(join(h.sandbox('bg'), 'stderr'), 'utf8'), 'err\n');
  t.like(JSON.parse((await h.cli(['status', '--container_id=bg'])).stdout), { state: 'exited', exit_code: 0 });
});

test('destroy from another process; twice; and of an exited container', async (t) => {
  const { h } = t.context;
  await h.cli(['launch', '--container_id=victim', '--detach', '--', 'sleep', '300']);
  const first = await h.cli(['destroy', '--container_id=victim']);
  t.is(first.exitCode, 0);
  t.like(JSON.parse(first.stdout), { container_id: 'victim', signal: 9, destroyed: true, outcome: 'destroyed' });
  const second = await h.cli(['destroy', '--container_id=victim']);
  t.is(second.exitCode, 0);
  t.like(JSON.parse(second.stdout), { outcome: 'already_destroyed', signal: 9 });

  await h.cli(['launch', '--container_id=done', '--', 'true']);
  const ended = await h.cli(['destroy', '--container_id=done']);
  t.like(JSON.parse(ended.stdout), { outcome: 'already_ended', exit_code: 0, destroyed: false });
  t.like(JSON.parse((await h.cli(['wait', '--container_id=victim'])).stdout), { signal: 9, destroyed: true });
});
