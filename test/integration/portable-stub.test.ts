// The init stub as other machines build it: without close_range,
// mount_setattr and strerrorname_np (a kernel before 5.12, glibc before 2.32),
// and against musl where musl-gcc is installed. Each build runs the checks
// its fallbacks serve, through the CLI (MESOS_CONTAINERIZER_INIT picks it).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import anyTest from 'ava';
import type { TestFn } from 'ava';
import { execa } from 'execa';

import type { Harness, HarnessContext } from '../helpers/harness.js';
import { BIN, rootOnly, useHarness } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

const builds = mkdtempSync('/tmp/mct-stubs-');
process.once('exit', () => rmSync(builds, { recursive: true, force: true }));
const script = new URL('../../native-bindings/build.mjs', import.meta.url).pathname;

function build(name: string, cc: string | undefined, defines: string[]): string {
  const output = join(builds, name, 'mesos-containerizer-init');
  mkdirSync(join(builds, name));
  execFileSync(process.execPath, [script, `--output=${output}`, ...defines], { env: { ...process.env, ...(cc && { CC: cc }) }, stdio: 'pipe' });
  return output;
}

const hasMusl = spawnSync('musl-gcc', ['--version'], { stdio: 'ignore' }).status === 0;
const variants: Array<{ name: string; stub: () => string }> = [
  { name: 'without close_range, mount_setattr and strerrorname_np', stub: () => build('fallbacks', undefined, ['-DSTUB_PORTABLE_FALLBACKS']) },
];
if (hasMusl) variants.push({ name: 'built with musl-gcc', stub: () => build('musl', 'musl-gcc', []) });
else console.log('# the musl build of the stub is not tested here: install musl-tools for musl-gcc');

const cliWith = (h: Harness, stub: string, args: string[], options: Parameters<Harness['cli']>[1] = {}) =>
  h.cli(args, { ...options, env: { NODE_EXTRA_CA_CERTS: '', MESOS_CONTAINERIZER_INIT: stub } });

for (const variant of variants) {
  let stub: string | undefined;
  const stubOf = (): string => (stub ??= variant.stub());

  test.serial(`${variant.name}: errors still carry their errno names (exit codes 127 and 126)`, async (t) => {
    const { h } = t.context;
    const missing = await cliWith(h, stubOf(), ['launch', '--container_id=missing', '--', '/nonexistent/program']);
    t.is(missing.exitCode, 127, String(missing.stderr));
    t.regex(String(missing.stderr), /cannot execute '\/nonexistent\/program': No such file or directory/);
    const denied = await cliWith(h, stubOf(), ['launch', '--container_id=denied', '--', '/dev/null']);
    t.is(denied.exitCode, 126, String(denied.stderr));
  });

  test.serial(`${variant.name}: the task holds only fds 0-2, pid 1 only its two`, async (t) => {
    const { h } = t.context;
    const r = await cliWith(h, stubOf(), ['launch', '--container_id=fds', '--detach', '--', 'sleep', '1000'], { stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe', 'pipe', 'pipe'] });
    t.is(r.exitCode, 0, String(r.stderr));
    const init: number = JSON.parse(r.stdout).pid;
    let task: number | undefined;
    for (let i = 0; i < 300 && task === undefined; i++) {
      task = readFileSync(`/proc/${init}/task/${init}/children`, 'utf8').trim().split(' ').map(Number).find((pid) => pid && readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sleep');
      if (task === undefined) await sleep(20);
    }
    t.deepEqual(readdirSync(`/proc/${task}/fd`).map(Number).sort(), [0, 1, 2]);
    const initFds = readdirSync(`/proc/${init}/fd`).map(Number).filter((fd) => fd > 2).map((fd) => readlinkSync(`/proc/${init}/fd/${fd}`));
    t.deepEqual(initFds.map((target) => (target.startsWith('pipe:') ? 'pipe' : target)).sort(), ['anon_inode:[signalfd]', 'pipe']);
  });

  test.serial(`${variant.name}: a mount below a read-only volume is read-only too`, async (t) => {
    const { h } = t.context;
    const volume = join(h.root, 'ro-volume');
    mkdirSync(join(volume, 'sub'), { recursive: true });
    const flags = h.flags().map((f) => `'${f}'`).join(' ');
    const r = await execa('unshare', ['--mount', '--propagation', 'private', 'sh', '-ec', `
      mount -t tmpfs none "$VOLUME/sub"
      "${BIN}" launch ${flags} --container_id=rosub --volume=/var/tmp:"$VOLUME":ro -- sh -c 'touch /var/tmp/sub/x; touch /var/tmp/y; grep -cE " /var/tmp(/sub)? ro[, ]" /proc/self/mountinfo'
    `], { reject: false, env: { NODE_EXTRA_CA_CERTS: '', MESOS_CONTAINERIZER_INIT: stubOf(), VOLUME: volume } });
    t.is(r.exitCode, 0, String(r.stderr));
    t.regex(String(r.stderr), /cannot touch '\/var\/tmp\/sub\/x': Read-only file system/);
    t.regex(String(r.stderr), /cannot touch '\/var\/tmp\/y': Read-only file system/);
    t.is(r.stdout.trim(), '2', 'the volume and its submount are both mounted ro');
  });
}
