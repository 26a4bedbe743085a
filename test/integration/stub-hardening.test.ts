// The init stub itself: what the task inherits from it, what its pid 1 keeps
// open, pids as large as the kernel hands out, and reports from inside the
// container taken as untrusted.
import { readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import { fixtureProgram } from '../helpers/fixture-programs.js';
import type { HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

const fdsOf = (pid: number): Map<number, string> =>
  new Map(readdirSync(`/proc/${pid}/fd`).map((fd) => [Number(fd), readlinkSync(`/proc/${pid}/fd/${fd}`)]));
const parentOf = (pid: number): number => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
const childrenOf = (pid: number): number[] => readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number);

async function until<T>(what: string, probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await sleep(20);
  }
  throw new Error(`timed out waiting until ${what}`);
}

test("the task holds only fds 0-2, and the container's init only its report pipe and signalfd, even when the caller leaked fds", async (t) => {
  const { h } = t.context;
  // fds 3..7 of the CLI are open and inheritable: a careless caller's.
  const r = await h.cli(['launch', '--container_id=fds', '--detach', '--', 'sleep', '1000'], { stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe', 'pipe', 'pipe', 'pipe'] });
  t.is(r.exitCode, 0, String(r.stderr));
  const init: number = JSON.parse(r.stdout).pid;
  const task = await until('the task runs', () => childrenOf(init).find((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sleep'));

  t.deepEqual([...fdsOf(task).keys()].sort(), [0, 1, 2], `the task's fds: ${JSON.stringify([...fdsOf(task)])}`);

  const monitor = parentOf(init);
  const statusPipe = fdsOf(monitor).get(3);
  const initFds = [...fdsOf(init)].filter(([fd]) => fd > 2).map(([, target]) => target);
  t.is(initFds.length, 2, `pid 1's fds above 2: ${JSON.stringify(initFds)}`);
  t.true(initFds.includes('anon_inode:[signalfd]'));
  t.is(initFds.filter((target) => target.startsWith('pipe:')).length, 1, 'one pipe: its report pipe to the outer process');
  t.false(initFds.includes(statusPipe!), 'not the status fd of the outer process');
  t.false(initFds.some((target) => target.startsWith('/')), 'no run directory, sandbox or mount source');
});

test.serial('enter works on a container whose init has a pid above 2^20 (pid_max 4194304)', async (t) => {
  const { h } = t.context;
  const pidMax = readFileSync('/proc/sys/kernel/pid_max', 'utf8').trim();
  let init: number;
  try {
    writeFileSync('/proc/sys/kernel/pid_max', '4194304');
    writeFileSync('/proc/sys/kernel/ns_last_pid', String(2 ** 20 + 4096));
    const r = await h.cli(['launch', '--container_id=highpid', '--detach', '--', 'sleep', '1000']);
    t.is(r.exitCode, 0, String(r.stderr));
    init = JSON.parse(r.stdout).pid;
  } finally {
    writeFileSync('/proc/sys/kernel/pid_max', pidMax);
  }
  t.true(init > 2 ** 20, `the init's pid ${init} is above 2^20`);
  const entered = await h.cli(['enter', '--container_id=highpid', '--', 'sh', '-c', 'echo entered $(cat /proc/1/comm)']);
  t.is(entered.exitCode, 0, String(entered.stderr));
  t.is(entered.stdout, 'entered mesos-container');
});

test('a report a root task forges on the pipes of pid 1 changes nothing the containerizer says', async (t) => {
  const { h } = t.context;
  const forge = fixtureProgram('forge-report');
  const c = h.containerizer({ isolation: 'namespaces/pid' });
  const launched = await c.launch({ containerId: 'forger', command: { value: `sleep 0.2; ${forge} > forged; exit 3` } });
  const end = await launched.exited;
  t.true(Number(readFileSync(join(launched.sandbox, 'forged'), 'utf8')) >= 1, 'the task did write a forged report');
  t.like(end, { exit_code: 3, signal: null, message: 'exited with status 3' });
  const record = JSON.parse(readFileSync(join(h.runtimeDir, 'containers', 'forger', 'termination.json'), 'utf8'));
  t.is(record.error, undefined, 'the termination record has no forged error');
  const status = await h.cli(['status', '--container_id=forger']);
  t.is(status.exitCode, 0, String(status.stderr));
  t.like(JSON.parse(status.stdout), { exit_code: 3, message: 'exited with status 3' });
});

test.serial("ps lists a container's processes in its own pid order, init first, also once host pids wrapped", async (t) => {
  const { h } = t.context;
  const pidMax = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
  writeFileSync('/proc/sys/kernel/ns_last_pid', String(pidMax - 300)); // host pids wrap a few hundred forks from now
  const r = await h.cli(['launch', '--container_id=wrap', '--detach', '--', 'sh', '-c', 'while :; do sleep 0.01; done']);
  t.is(r.exitCode, 0, String(r.stderr));
  const init: number = JSON.parse(r.stdout).pid;
  const c = h.containerizer();
  const wrapped = await until('a process of the container has a smaller host pid than its init', () =>
    c.processes('wrap').some((p) => p.pid < init) ? true : undefined,
  );
  t.true(wrapped);
  const ps = JSON.parse((await h.cli(['ps', '--container_id=wrap', '--json'])).stdout) as Array<{ pid: number; container_pid: number }>;
  t.deepEqual(ps.slice(0, 2).map((p) => p.container_pid), [1, 2]);
  t.is(ps[0]!.pid, init);
});
