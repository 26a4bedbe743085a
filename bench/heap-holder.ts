// A Node process holding HEAP_MIB of live heap (as a busy agent would), that
// launches /bin/true containers through the library and spawns the init
// stub with child_process.spawn, interleaved, and prints per launch: the
// wall time launch-to-exit and this process's CPU time (a fork's page-table
// copy is charged to the process that forks). Run by bench/launch-heap.ts.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { Containerizer } from '../dist/src/index.js';

const { heapMiB, runs, runtimeDir, workDir, cgroupsRoot, stub } = JSON.parse(process.argv[2]!) as {
  heapMiB: number;
  runs: number;
  runtimeDir: string;
  workDir: string;
  cgroupsRoot: string;
  stub: string;
};

// Live heap of small objects, as an agent's records are (V8's old space,
// every page written), until V8 counts heapMiB in use.
const held: Array<Array<{ n: number; name: string }>> = [];
while (process.memoryUsage().heapUsed < heapMiB * 2 ** 20) held.push(Array.from({ length: 1 << 14 }, (_, i) => ({ n: i, name: `task-${held.length}-${i}` })));
const heapUsedMiB = process.memoryUsage().heapUsed / 2 ** 20;
const rssMiB = Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function timed(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const cpu = cpuMs();
  const start = performance.now();
  await fn();
  return { wall: performance.now() - start, cpu: cpuMs() - cpu };
}

const containerizer = new Containerizer({ runtimeDir, workDir, cgroupsRoot, isolation: 'namespaces/pid' });
let n = 0;
const ours = async (): Promise<void> => {
  const id = `heap-${heapMiB}-${n++}`;
  const launched = await containerizer.launch({ containerId: id, command: { value: '/bin/true', shell: false, arguments: ['true'] } });
  const end = await launched.exited;
  if (end.exit_code !== 0) throw new Error(`container ${id}: ${end.message}`);
  await containerizer.gc({ containerId: id });
};
const plain = (): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn(stub, ['--unshare-pid', '--', '/bin/true'], { stdio: 'ignore', detached: true, env: {} });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the stub exited ${code}`))));
  });

const samples = { ours: [] as Array<{ wall: number; cpu: number }>, spawn: [] as Array<{ wall: number; cpu: number }> };
for (let i = 0; i < 5; i++) {
  await ours();
  await plain();
}
for (let i = 0; i < runs; i++) {
  samples.ours.push(await timed(ours));
  samples.spawn.push(await timed(plain));
}
process.stdout.write(`${JSON.stringify({ rssMiB, heapUsedMiB, ...samples })}\n`);
