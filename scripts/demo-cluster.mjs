#!/usr/bin/env node
// `npm run demo:cluster`: a mesos-master and a mesos-agent on this machine,
// and two tasks run through them with mesos-execute (one finishes, one
// fails), each status update printed with its source; then everything is
// stopped and removed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, rmdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (process.getuid() !== 0) {
  console.error('The demo runs containers: run it as root (sudo npm run demo:cluster).');
  process.exit(1);
}
const bin = (name) => new URL(`../bin/${name}`, import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'mesos-demo-cluster-'));
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
const children = [];

function start(name, args) {
  const child = spawn(process.execPath, [bin(name), ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return child;
}

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function until(what, probe, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

try {
  const port = await freePort();
  const master = `127.0.0.1:${port}`;
  console.log(`$ mesos-master --work_dir=… --port=${port}`);
  start('mesos-master', [`--work_dir=${join(scratch, 'master')}`, `--port=${port}`]).stdout.pipe(process.stdout);
  await until('master', async () => (await fetch(`http://${master}/health`, { signal: AbortSignal.timeout(5_000) })).ok);
  console.log(`$ mesos-agent --master=${master} --work_dir=… --resources='cpus:2;mem:1024;disk:1024'`);
  start('mesos-agent', [`--master=${master}`, `--work_dir=${join(scratch, 'agent')}`, `--runtime_dir=${join(scratch, 'agent-run')}`, '--cgroups_root=mesos-demo-agent', `--port=${await freePort()}`, '--resources=cpus:2;mem:1024;disk:1024']);
  await until('agent registration', async () => ((await (await fetch(`http://${master}/state`, { signal: AbortSignal.timeout(5_000) })).json()).agents ?? []).some((a) => a.status === 'registered'));
  for (const [name, command] of [['hello', 'test -d "$MESOS_SANDBOX"'], ['oops', 'exit 3']]) {
    console.log(`\n$ mesos-execute --master=${master} --name=${name} --command='${command}'`);
    const { status } = spawnSync(process.execPath, [bin('mesos-execute'), `--master=${master}`, `--name=${name}`, `--command=${command}`], { env, stdio: 'inherit' });
    console.log(`(exit ${status})`);
  }
  console.log(`\n$ curl ${master}/metrics/snapshot   # a few of them`);
  const metrics = await (await fetch(`http://${master}/metrics/snapshot`, { signal: AbortSignal.timeout(5_000) })).json();
  for (const name of ['master/slaves_active', 'master/tasks_finished', 'master/tasks_failed']) console.log(`  ${name}: ${metrics[name]}`);
} finally {
  for (const child of children.reverse()) {
    if (child.exitCode === null) child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
  }
  rmSync(scratch, { recursive: true, force: true });
  for (const hierarchy of ['/sys/fs/cgroup/unified', '/sys/fs/cgroup/freezer', '/sys/fs/cgroup/memory', '/sys/fs/cgroup/cpu,cpuacct', '/sys/fs/cgroup/pids', '/sys/fs/cgroup']) {
    try {
      rmdirSync(join(hierarchy, 'mesos-demo-agent'));
    } catch {
      // not there
    }
  }
}
