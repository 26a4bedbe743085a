// containerd drives us as it drives runc: Debian's containerd, started
// privately (scripts/containerd-private.sh: its own socket and directories,
// CRI off, a busybox image from busybox-static), then `ctr ... --runc-binary
// <ours>` for what its runc shim calls. Afterwards no process, mount, cgroup
// or state directory of ours may be left.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import anyTest from 'ava';
import type { TestFn } from 'ava';
import { execa, execaSync } from 'execa';
import type { Result } from 'execa';

import { readHierarchies } from '../../src/oci/cgroups/layout.js';
import { allPids } from '../../src/proc/processes.js';
import { isRoot } from '../helpers/harness.js';
import { OCI_BIN, ociMissing } from '../helpers/oci-harness.js';

const SCRIPT = new URL('../../scripts/containerd-private.sh', import.meta.url).pathname;
const has = (tool: string): boolean => execaSync('sh', ['-c', `command -v ${tool}`], { reject: false }).exitCode === 0;
const missing = !isRoot
  ? 'needs root'
  : !has('containerd') || !has('ctr')
    ? 'needs containerd (apt-get install containerd)'
    : !has('script')
      ? 'needs script(1) for a terminal (apt-get install bsdutils)'
      : ociMissing;

/** containerd's shims put their sockets under /run/containerd/s whatever the config says. */
const RUN_CONTAINERD = '/run/containerd';

interface Context {
  dir: string;
  runContainerdExisted: boolean;
  namespace: string;
  marker: string;
}
const test = anyTest as TestFn<Context>;
const serial = missing ? test.serial.skip : test.serial;
if (missing) console.log(`# containerd tests skipped: ${missing}`);

function ctr(t: { context: Context }, args: string[], options: Parameters<typeof execa>[2] = {}): Promise<Result> {
  const { dir, namespace } = t.context;
  return execa('ctr', ['--address', join(dir, 'containerd.sock'), '--namespace', namespace, ...args], { reject: false, stdin: 'ignore', timeout: 60_000, ...options }) as Promise<Result>;
}

/** `ctr run` with our runtime, its state root in the private dir, and a marker in the container's environment. */
function run(t: { context: Context }, flags: string[], id: string, command: string[]): Promise<Result> {
  return ctr(t, ['run', '--runc-binary', OCI_BIN, '--runc-root', join(t.context.dir, 'runc'), '--fifo-dir', join(t.context.dir, 'fifo'), '--env', `MCT_OCI_TEST=${t.context.marker}`, ...flags, 'localhost/busybox:oci', id, ...command]);
}

function markedProcesses(marker: string): number[] {
  return allPids().filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/environ`, 'latin1').includes(marker);
    } catch {
      return false;
    }
  });
}

test.before(async (t) => {
  if (missing) return;
  const dir = mkdtempSync('/var/tmp/mct-containerd-');
  t.context.dir = dir;
  t.context.runContainerdExisted = existsSync(RUN_CONTAINERD);
  t.context.namespace = `mct${randomBytes(3).toString('hex')}`;
  t.context.marker = `mct-ctr-${randomBytes(6).toString('hex')}`;
  await execa(SCRIPT, ['start', dir]);
  await execa(SCRIPT, ['image', dir], { env: { CONTAINERD_NAMESPACE: t.context.namespace } });
});

test.after.always(async (t) => {
  if (missing || !t.context.dir) return;
  // whatever a failed test left: its tasks and containers, through containerd
  for (const id of String((await ctr(t, ['containers', 'ls', '-q'])).stdout).split('\n').filter(Boolean)) {
    await ctr(t, ['task', 'kill', '-a', '-s', 'SIGKILL', id]);
    await ctr(t, ['task', 'delete', '--force', id]);
    await ctr(t, ['containers', 'rm', id]);
  }
  await execa(SCRIPT, ['stop', t.context.dir], { reject: false });
  // the shims' socket directory, when this test made it (and it is empty: no other containerd's)
  if (!t.context.runContainerdExisted) {
    for (const dir of [join(RUN_CONTAINERD, 's'), RUN_CONTAINERD]) {
      try {
        rmdirSync(dir);
      } catch {
        // not there, or in use
      }
    }
  }
  // the namespace's cgroup above its containers' (containerd's cgroupsPath is /NAMESPACE/ID)
  for (const h of readHierarchies()) {
    try {
      rmdirSync(join(h.mountPoint, t.context.namespace));
    } catch {
      // not made there, or not empty: assertNothingLeft said so
    }
  }
});

/** Nothing of this file's containers anywhere: processes, state, cgroups, task mounts. */
async function assertNothingLeft(t: Parameters<Parameters<typeof serial>[1]>[0]): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (markedProcesses(t.context.marker).length && Date.now() < deadline) await sleep(20);
  t.deepEqual(markedProcesses(t.context.marker), [], 'no container process');
  const state = join(t.context.dir, 'runc', t.context.namespace);
  t.deepEqual(existsSync(state) ? readdirSync(state) : [], [], 'no state directory');
  const cgroups = readHierarchies().flatMap((h) => {
    const dir = join(h.mountPoint, t.context.namespace);
    return existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(dir, e.name)) : [];
  });
  t.deepEqual(cgroups, [], 'no container cgroup');
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.includes(`/${t.context.namespace}/`));
  t.deepEqual(mounts, [], 'no task rootfs mount');
}

serial('run --rm: the output, and the exit code of the program', async (t) => {
  const result = await run(t, ['--rm'], 'rm1', ['sh', '-c', 'echo hello from pid $$; exit 3']);
  t.is(result.exitCode, 3, String(result.stderr));
  t.is(String(result.stdout), 'hello from pid 1');
  await assertNothingLeft(t);
});

serial('run -d, then task exec, ps, pause, resume, kill, kill -a and delete', async (t) => {
  const started = await run(t, ['-d'], 'd1', ['sh', '-c', 'trap "echo usr1 > /tmp/got" USR1; while true; do sleep 0.1; done']);
  t.is(started.exitCode, 0, String(started.stderr));
  const exec = await ctr(t, ['task', 'exec', '--fifo-dir', join(t.context.dir, 'fifo'), '--exec-id', 'e1', 'd1', 'sh', '-c', 'echo exec-ok $(cat /proc/1/comm)']);
  t.deepEqual([exec.exitCode, String(exec.stdout)], [0, 'exec-ok sh']);
  const ps = await ctr(t, ['task', 'ps', 'd1']);
  t.regex(String(ps.stdout), /^PID\s+INFO\n\d+/);
  t.is((await ctr(t, ['task', 'pause', 'd1'])).exitCode, 0);
  t.regex(String((await ctr(t, ['task', 'ls'])).stdout), /d1\s+\d+\s+PAUSED/);
  t.is((await ctr(t, ['task', 'resume', 'd1'])).exitCode, 0);
  t.regex(String((await ctr(t, ['task', 'ls'])).stdout), /d1\s+\d+\s+RUNNING/);
  t.is((await ctr(t, ['task', 'kill', '-s', 'SIGUSR1', 'd1'])).exitCode, 0);
  const deadline = Date.now() + 10_000;
  let got = '';
  while (!got.includes('usr1') && Date.now() < deadline) got = String((await ctr(t, ['task', 'exec', '--fifo-dir', join(t.context.dir, 'fifo'), '--exec-id', `e${Date.now()}`, 'd1', 'cat', '/tmp/got'])).stdout);
  t.is(got, 'usr1');
  t.is((await ctr(t, ['task', 'kill', '-a', '-s', 'SIGKILL', 'd1'])).exitCode, 0);
  const stopped = Date.now() + 10_000;
  while (!/d1\s+\d+\s+STOPPED/.test(String((await ctr(t, ['task', 'ls'])).stdout)) && Date.now() < stopped) await sleep(20);
  const deleted = await ctr(t, ['task', 'delete', 'd1']);
  t.is(deleted.exitCode, 0);
  t.regex(String(deleted.stderr), /exit code 137/, 'the shim reaped our init: 128 + SIGKILL');
  t.is((await ctr(t, ['containers', 'rm', 'd1'])).exitCode, 0);
  await assertNothingLeft(t);
});

serial('run -t: the program gets a terminal through the console socket', async (t) => {
  const { dir, namespace, marker } = t.context;
  const command = ['ctr', '--address', join(dir, 'containerd.sock'), '--namespace', namespace, 'run', '--rm', '-t', '--runc-binary', OCI_BIN, '--runc-root', join(dir, 'runc'), '--fifo-dir', join(dir, 'fifo'), '--env', `MCT_OCI_TEST=${marker}`, 'localhost/busybox:oci', 't1', 'sh', '-c', 'tty; test -t 0 && echo stdin-is-a-tty; exit 4'];
  const result = await execa('script', ['-qec', command.map((w) => `'${w}'`).join(' '), '/dev/null'], { reject: false, stdin: 'ignore', timeout: 60_000 });
  t.is(result.exitCode, 4, String(result.stdout));
  t.regex(String(result.stdout), /\/dev\/pts\/0\s+stdin-is-a-tty/);
  await assertNothingLeft(t);
});

serial('the host\'s pid namespace: the shim\'s kill --all ends what the program left running', async (t) => {
  const result = await run(t, ['--rm', '--with-ns', `pid:/proc/${process.pid}/ns/pid`], 'h1', ['sh', '-c', 'sleep 1000 & echo $! > /dev/null; echo left-one']);
  t.is(result.exitCode, 0, String(result.stderr));
  t.is(String(result.stdout), 'left-one');
  await assertNothingLeft(t);
});

serial('a create that fails: its error, from our --log, reaches ctr; nothing is left', async (t) => {
  const result = await run(t, ['--rm'], 'bad1', ['/no/such/binary']);
  t.not(result.exitCode, 0);
  t.regex(String(result.stderr), /OCI runtime create failed: exec: "\/no\/such\/binary": stat \/no\/such\/binary: No such file or directory/);
  await assertNothingLeft(t);
});
