// npm run bench -- --only=oci: the OCI runtime beside runc, in one run.
//  - `ctr run --rm IMG true` through a private containerd (what a user
//    waits for), ours and runc interleaved, 30 rounds (the figure);
//  - each runtime call on its own (create, start, state, ps, pause, resume,
//    exec, kill, delete, delete --force of an unknown id), as the shim makes
//    them, with a busybox rootfs.
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import type { BenchContext } from './context.js';
import { COMMAND_DEADLINE_MS } from './deadline.js';
import type { Summary } from './stats.js';
import { commandExists, nowMs, summarize } from './stats.js';

const OURS = new URL('../native-bindings/build/mesos-containerizer-oci', import.meta.url).pathname;
const SCRIPT = new URL('../scripts/containerd-private.sh', import.meta.url).pathname;
const ENV = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' }; // no NODE_EXTRA_CA_CERTS: it costs every Node start ~50 ms

interface Runtime {
  name: string;
  binary: string;
  root: string;
}

/** Runs argv with stdio on null (or fds); its wall time in ms; throws when it fails. */
function timed(argv: string[], stdio: Array<number | 'ignore'> = ['ignore', 'ignore', 'ignore'], mayFail = false): number {
  const start = nowMs();
  const result = spawnSync(argv[0]!, argv.slice(1), { stdio, env: ENV, timeout: COMMAND_DEADLINE_MS });
  const elapsed = nowMs() - start;
  if (!mayFail && result.status !== 0) throw new Error(`${argv.join(' ')} failed (${result.status ?? result.signal ?? result.error?.message})`);
  return elapsed;
}

function busyboxRootfs(dir: string): string {
  const busybox = ['/bin/busybox', '/usr/bin/busybox'].find(existsSync);
  if (!busybox) throw new Error('needs busybox-static');
  const rootfs = join(dir, 'rootfs');
  for (const d of ['bin', 'proc', 'sys', 'dev', 'tmp']) mkdirSync(join(rootfs, d), { recursive: true });
  copyFileSync(busybox, join(rootfs, 'bin/busybox'));
  chmodSync(join(rootfs, 'bin/busybox'), 0o755);
  for (const applet of ['sh', 'sleep', 'true']) symlinkSync('busybox', join(rootfs, 'bin', applet));
  return rootfs;
}

function bundle(dir: string, rootfs: string, id: string): string {
  const b = join(dir, 'bundles', id);
  mkdirSync(b, { recursive: true });
  const spec = spawnSync('runc', ['spec', '--bundle', b], { env: ENV });
  if (spec.status !== 0) throw new Error('runc spec failed');
  const config = JSON.parse(readFileSync(join(b, 'config.json'), 'utf8')) as {
    root: { path: string; readonly: boolean };
    process: { terminal: boolean; args: string[] };
    linux: { cgroupsPath?: string };
  };
  config.root = { path: rootfs, readonly: false };
  config.process.terminal = false;
  config.process.args = ['sleep', '1000'];
  config.linux.cgroupsPath = `/mct-bench-oci/${id}`;
  writeFileSync(join(b, 'config.json'), JSON.stringify(config));
  return b;
}

const VERBS = ['create', 'start', 'state', 'ps', 'pause', 'resume', 'exec', 'kill', 'delete', 'delete --force (gone)'] as const;

/** One container's life, each call timed. */
function lifecycle(rt: Runtime, dir: string, b: string, id: string, samples: Map<string, number[]>): void {
  const call = (verb: string, args: string[], stdio?: Array<number | 'ignore'>): void => {
    const ms = timed([rt.binary, '--root', rt.root, ...args], stdio, verb.startsWith('delete --force'));
    samples.get(verb)!.push(ms);
  };
  const out = openSync('/dev/null', 'w');
  try {
    call('create', ['create', '--bundle', b, '--pid-file', join(dir, `${id}.pid`), id], ['ignore', out, out]);
    call('start', ['start', id]);
    call('state', ['state', id]);
    call('ps', ['ps', '--format', 'json', id]);
    call('pause', ['pause', id]);
    call('resume', ['resume', id]);
    call('exec', ['exec', '--detach', id, 'true'], ['ignore', out, out]);
    call('kill', ['kill', id, '9']);
    for (const deadline = nowMs() + 10_000; nowMs() < deadline; ) {
      const state = spawnSync(rt.binary, ['--root', rt.root, 'state', id], { env: ENV }).stdout.toString();
      if (state.includes('"stopped"')) break;
    }
    call('delete', ['delete', id]);
    call('delete --force (gone)', ['delete', '--force', id]);
  } finally {
    closeSync(out);
    spawnSync(rt.binary, ['--root', rt.root, 'delete', '--force', id], { env: ENV });
  }
}

function table(title: string, rows: Array<[string, Summary | undefined, Summary | undefined]>): void {
  const ms = (s: Summary | undefined, k: 'median' | 'p95'): string => (s ? `${s[k].toFixed(2)} ms` : '-');
  console.log(`\n## ${title}\n`);
  console.log('| call | ours median | ours p95 | runc median | runc p95 | ours / runc |');
  console.log('|---|---|---|---|---|---|');
  for (const [name, ours, runc] of rows) {
    console.log(`| ${name} | ${ms(ours, 'median')} | ${ms(ours, 'p95')} | ${ms(runc, 'median')} | ${ms(runc, 'p95')} | ${ours && runc ? (ours.median / runc.median).toFixed(2) : '-'} |`);
  }
}

function benchVerbs(ctx: BenchContext, dir: string): void {
  const rootfs = busyboxRootfs(dir);
  const runtimes: Runtime[] = [
    { name: 'ours', binary: OURS, root: join(dir, 'state-ours') },
    { name: 'runc', binary: 'runc', root: join(dir, 'state-runc') },
  ];
  const samples = new Map(runtimes.map((rt) => [rt.name, new Map(VERBS.map((v) => [v as string, [] as number[]]))]));
  const rounds = Math.min(ctx.runs, 30);
  for (let i = -3; i < rounds; i++) {
    for (const rt of runtimes) {
      const s = i < 0 ? new Map(VERBS.map((v) => [v as string, [] as number[]])) : samples.get(rt.name)!; // warm-up rounds not kept
      const id = `${rt.name}-${i + 3}`;
      lifecycle(rt, dir, bundle(dir, rootfs, id), id, s);
    }
  }
  table('OCI runtime: each call, as containerd\'s shim makes it (busybox rootfs, default runc spec)', VERBS.map((v) => [v, summarize(samples.get('ours')!.get(v)!), summarize(samples.get('runc')!.get(v)!)]));
}

function benchCtr(ctx: BenchContext, dir: string): void {
  const containerd = join(dir, 'containerd');
  const runContainerdExisted = existsSync('/run/containerd');
  if (spawnSync(SCRIPT, ['start', containerd], { stdio: 'ignore' }).status !== 0) throw new Error('containerd did not start');
  try {
    if (spawnSync(SCRIPT, ['image', containerd], { stdio: 'ignore', env: { ...process.env, CONTAINERD_NAMESPACE: 'mct-bench-oci' } }).status !== 0) throw new Error('the busybox image could not be imported');
    // its own namespace (containerd's cgroups are /NAMESPACE/ID: removed below) and fifo directory
    const ctr = (id: string, extra: string[]): string[] => ['ctr', '--address', join(containerd, 'containerd.sock'), '--namespace', 'mct-bench-oci', 'run', '--rm', '--fifo-dir', join(dir, 'fifo'), ...extra, 'localhost/busybox:oci', id, 'true'];
    const ours: number[] = [];
    const runc: number[] = [];
    const rounds = Math.max(30, Math.min(ctx.runs, 100));
    for (let i = -3; i < rounds; i++) {
      const a = timed(ctr(`o${i + 3}`, ['--runc-binary', OURS, '--runc-root', join(dir, 'ctr-ours')]));
      const b = timed(ctr(`r${i + 3}`, ['--runc-root', join(dir, 'ctr-runc')]));
      if (i >= 0) ours.push(a), runc.push(b);
    }
    table(`ctr run --rm IMG true (containerd ${spawnSync('containerd', ['--version']).stdout.toString().split(' ')[2] ?? ''}, interleaved, ${rounds} rounds)`, [['ctr run --rm', summarize(ours), summarize(runc)]]);
  } finally {
    spawnSync(SCRIPT, ['stop', containerd], { stdio: 'ignore' });
    // the shims' socket directory (/run/containerd/s whatever the config says), when we made it
    if (!runContainerdExisted) for (const d of ['/run/containerd/s', '/run/containerd']) spawnSync('rmdir', [d], { stdio: 'ignore' });
  }
}

export async function benchOci(ctx: BenchContext): Promise<void> {
  if (!commandExists('runc') || !existsSync(OURS)) {
    console.log('\n## OCI runtime\n\nnot run: needs runc and the built runtime (npm run build)');
    return;
  }
  const dir = mkdtempSync('/var/tmp/mct-bench-oci-');
  try {
    benchVerbs(ctx, dir);
    if (commandExists('containerd') && commandExists('ctr')) benchCtr(ctx, dir);
    else console.log('\nctr run --rm: not run (apt-get install containerd)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    for (const h of ['cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'blkio', 'pids', 'systemd', 'unified']) {
      spawnSync('rmdir', [`/sys/fs/cgroup/${h}/mct-bench-oci`], { stdio: 'ignore' });
    }
  }
}
