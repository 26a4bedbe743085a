// A foreground launch hands over to the init stub (issue 16): the process
// its caller waits for becomes the stub, which records the init itself
// before the task runs; Node leaves nothing behind in it or in the task; a
// signal that came during the launch still reaches the task; and a kill -9
// of the waiting process leaves a container that runs on, recorded truly.
import { existsSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { Harness, HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

const STUB = new URL('../../native-bindings/build/mesos-containerizer-init', import.meta.url).pathname;

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await sleep(20);
  }
  throw new Error(`timed out waiting until ${what}`);
}

async function status(h: Harness, id: string): Promise<Record<string, unknown>> {
  const r = await h.cli(['status', `--container_id=${id}`]);
  return r.exitCode === 0 ? (JSON.parse(String(r.stdout)) as Record<string, unknown>) : { error: String(r.stderr) };
}

function record(h: Harness, id: string): Record<string, any> {
  return JSON.parse(readFileSync(join(h.runtimeDir, 'containers', id, 'state.json'), 'utf8'));
}

function startTimeOf(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]!.split(' ')[19]);
}

test('the process the caller waits for becomes the init stub, named in the record as the monitor before the task runs', async (t) => {
  const { h } = t.context;
  const child = h.cli(['launch', '--container_id=waited', '--', 'sh', '-c', 'touch started; while [ ! -e release ]; do sleep 0.02; done; exit 5']);
  const sandbox = h.sandbox('waited');
  await until('the task runs', () => existsSync(join(sandbox, 'started')));
  const waiting = child.pid!;
  t.is(readlinkSync(`/proc/${waiting}/exe`), STUB, 'no Node process waits: the stub does');
  t.is(readFileSync(`/proc/${waiting}/environ`, 'latin1'), '', 'with an empty environment');

  const state = record(h, 'waited');
  t.like(state, { phase: 'running', launcher: { pid: waiting }, monitor: { pid: waiting, startTime: startTimeOf(waiting) } });
  t.is(state.launcher.startTime, state.monitor.startTime, 'the launcher and the monitor are one process: execve keeps pid and start time');
  const init = state.init.pid as number;
  t.is(Number(readFileSync(`/proc/${init}/stat`, 'latin1').split(') ')[1]!.split(' ')[1]), waiting, "the init is the waiting process's child");
  t.is(state.init.startTime, startTimeOf(init));
  t.like(await status(h, 'waited'), { state: 'running', pid: init });

  writeFileSync(join(sandbox, 'release'), '');
  const r = await child;
  t.is(r.exitCode, 5);
  t.like(await status(h, 'waited'), { state: 'exited', exit_code: 5, signal: null, cleaned_up: false });
  // What needs the containerizer after the end runs at the next wait (or destroy, gc, recover).
  const waited = await h.cli(['wait', '--container_id=waited']);
  t.like(JSON.parse(String(waited.stdout)), { exit_code: 5, destroyed: false });
  t.like(await status(h, 'waited'), { state: 'exited', cleaned_up: true });
});

test('Node leaves nothing in the task or the stub: default signal dispositions, an empty mask, blocking stdio, no fd of the caller but 0-2', async (t) => {
  const { h } = t.context;
  const probe = 'grep -E "^Sig(Blk|Ign):" /proc/self/status; for fd in 0 1 2; do grep "^flags" /proc/self/fdinfo/$fd; done; ls /proc/self/fd | sort -n | tr "\\n" " "; echo; touch probed; while [ ! -e release ]; do sleep 0.02; done';
  // fds 3..6 of the CLI are open and inheritable, as a careless caller's would be.
  const child = h.cli(['launch', '--container_id=clean', '--', 'sh', '-c', probe], { stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe', 'pipe', 'pipe'] });
  const sandbox = h.sandbox('clean');
  await until('the task probed', () => existsSync(join(sandbox, 'probed')));
  const waiting = readdirSync(`/proc/${child.pid!}/fd`).map(Number).filter((fd) => fd > 2).map((fd) => readlinkSync(`/proc/${child.pid!}/fd/${fd}`));
  t.is(waiting.filter((target) => target.startsWith('pipe:')).length, 1, `the waiting stub holds its report pipe, none of the caller's: ${JSON.stringify(waiting)}`);
  writeFileSync(join(sandbox, 'release'), '');
  const r = await child;
  t.is(r.exitCode, 0, String(r.stderr));
  const lines = String(r.stdout).split('\n');
  t.is(lines[0], 'SigBlk:\t0000000000000000');
  t.is(lines[1], 'SigIgn:\t0000000000000000');
  for (const [i, line] of lines.slice(2, 5).entries()) {
    const flags = parseInt(line.split(/\s+/)[1]!, 8);
    t.is(flags & 0o4000, 0, `fd ${i} is not O_NONBLOCK (${line})`);
  }
  // ls itself holds one more fd: the directory it lists.
  t.regex(lines[5]!, /^0 1 2 \d+ $/, 'fds 0-2 only');
});

test('a signal sent to launch before its task runs reaches the task once it runs', async (t) => {
  const { h } = t.context;
  let respond: (() => void) | undefined;
  const server = createServer((_request, response) => {
    respond = () => response.end('artifact\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/artifact`;
    // A signal that never reached the task would leave it sleeping: ended by the deadline, with no exit code.
    const child = h.cli(['launch', '--container_id=early', `--uri=${url}`, '--', 'sh', '-c', 'sleep 100'], { timeout: 30_000, killSignal: 'SIGKILL' });
    await until('the launch is fetching', () => respond !== undefined);
    child.kill('SIGTERM');
    await sleep(100); // Node has it (its handler keeps it for the task)
    respond!();
    const r = await child;
    t.is(r.exitCode, 128 + 15, String(r.stderr));
    t.like(await status(h, 'early'), { state: 'exited', signal: 15 });
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('kill -9 of the waiting launch: the container runs on, and status, wait, destroy and gc say what is true', async (t) => {
  const { h } = t.context;
  const child = h.cli(['launch', '--container_id=orphan', '--', 'sh', '-c', 'while :; do date +%s%N >> beats; sleep 0.02; done'], { stdout: 'ignore', stderr: 'ignore' });
  const beats = join(h.sandbox('orphan'), 'beats');
  await until('the task runs', () => existsSync(beats));
  const monitor = child.pid!;
  child.kill('SIGKILL');
  await child;

  const seen = await status(h, 'orphan');
  const init = record(h, 'orphan').init.pid as number;
  t.like(seen, { state: 'running', pid: init, exit_code: null, finished_at: null });
  const before = readFileSync(beats, 'utf8').length;
  await until('the task still runs', () => readFileSync(beats, 'utf8').length > before);

  const destroyed = await h.cli(['destroy', '--container_id=orphan']);
  t.is(destroyed.exitCode, 0, String(destroyed.stderr));
  t.like(JSON.parse(String(destroyed.stdout)), {
    outcome: 'destroyed',
    exit_code: null,
    signal: null,
    destroyed: true,
    message: `destroyed: exit status unknown: its end was not recorded (its monitor, pid ${monitor}, is gone)`,
  });
  t.like(await status(h, 'orphan'), { state: 'exited', destroyed: true, cleaned_up: true });
  t.like(JSON.parse(String((await h.cli(['wait', '--container_id=orphan'])).stdout)), { exit_code: null, signal: null, destroyed: true });
  const gc = await h.cli(['gc', '--container_id=orphan']);
  t.is(gc.exitCode, 0, String(gc.stderr));
  t.false(existsSync(h.sandbox('orphan')));
});

test('kill -9 of the waiting launch, then the task ends by itself: the end is said to be unrecorded, and wait and gc finish it', async (t) => {
  const { h } = t.context;
  const child = h.cli(['launch', '--container_id=alone', '--', 'sh', '-c', 'touch started; while [ ! -e release ]; do sleep 0.02; done; exit 3'], { stdout: 'ignore', stderr: 'ignore' });
  const sandbox = h.sandbox('alone');
  await until('the task runs', () => existsSync(join(sandbox, 'started')));
  const monitor = child.pid!;
  child.kill('SIGKILL');
  await child;
  t.like(await status(h, 'alone'), { state: 'running' });

  writeFileSync(join(sandbox, 'release'), '');
  const ended = await until('it ended', async () => ((await status(h, 'alone')).state === 'exited' ? true : undefined));
  t.true(ended);
  const waited = await h.cli(['wait', '--container_id=alone']);
  t.is(waited.exitCode, 0, String(waited.stderr));
  t.like(JSON.parse(String(waited.stdout)), {
    exit_code: null,
    signal: null,
    destroyed: false,
    message: `exit status unknown: its end was not recorded (its monitor, pid ${monitor}, is gone)`,
  });
  t.like(await status(h, 'alone'), { state: 'exited', cleaned_up: true });
  t.is((await h.cli(['gc', '--container_id=alone'])).exitCode, 0);
});
