// Launch cost against the caller's heap: a Node process holding 50 MiB,
// then 1 GiB of live heap, launches /bin/true containers through the library
// (the resident launcher starts the stub: nothing of Node is forked) beside
// child_process.spawn of the init stub (a fork of Node: its page tables are
// copied). Reported: medians of launch-to-exit and of the caller's CPU per
// launch, and the 1 GiB / 50 MiB ratios (target: within 1.2x for ours).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import type { BenchContext } from './context.js';
import { COMMAND_DEADLINE_MS } from './deadline.js';
import { summarize } from './stats.js';

const HOLDER = new URL('./heap-holder.ts', import.meta.url).pathname;
const STUB = new URL('../native-bindings/build/mesos-containerizer-init', import.meta.url).pathname;

interface Sample {
  wall: number;
  cpu: number;
}
interface Held {
  rssMiB: number;
  heapUsedMiB: number;
  ours: Sample[];
  spawn: Sample[];
}

function hold(ctx: BenchContext, heapMiB: number, runs: number): Held {
  const options = { heapMiB, runs, runtimeDir: join(ctx.runtimeDir, 'heap'), workDir: join(ctx.workDir, 'heap'), cgroupsRoot: ctx.cgroupsRoot, stub: STUB };
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const r = spawnSync('node', ['--max-old-space-size=4096', '--import=tsx', HOLDER, JSON.stringify(options)], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: COMMAND_DEADLINE_MS * 20,
    killSignal: 'SIGKILL',
  });
  if (r.status !== 0) throw new Error(`bench: the heap holder (${heapMiB} MiB) exited ${r.status ?? r.signal}`);
  return JSON.parse(r.stdout) as Held;
}

const median = (samples: Sample[], key: keyof Sample): number => summarize(samples.map((s) => s[key])).median;

export async function benchLaunchHeap(ctx: BenchContext): Promise<void> {
  const runs = Math.max(20, Math.min(ctx.runs, 100));
  const small = hold(ctx, 50, runs);
  const large = hold(ctx, 1024, runs);
  const row = (name: string, key: 'ours' | 'spawn', note: string): string => {
    const [ws, wl, cs, cl] = [median(small[key], 'wall'), median(large[key], 'wall'), median(small[key], 'cpu'), median(large[key], 'cpu')];
    return `| ${name} | ${ws.toFixed(2)} / ${wl.toFixed(2)} ms (${(wl / ws).toFixed(2)}x) | ${cs.toFixed(2)} / ${cl.toFixed(2)} ms (${(cl / cs).toFixed(2)}x) | ${note} |`;
  };
  console.log('\n## launch cost against the caller\'s heap\n');
  console.log(`Callers with ${small.heapUsedMiB.toFixed(0)} and ${large.heapUsedMiB.toFixed(0)} MiB of live heap in small objects (RSS ${small.rssMiB.toFixed(0)} and ${large.rssMiB.toFixed(0)} MiB), ${runs} launches each, ours and spawn interleaved.\n`);
  console.log('| what | launch-to-exit, 50 MiB / 1 GiB | caller CPU per launch, 50 MiB / 1 GiB | how |');
  console.log('|---|---|---|---|');
  console.log(row('library launch of /bin/true (resident launcher)', 'ours', 'pid namespace; claim, cgroup, records, stub, cleanup and gc (target: 1 GiB within 1.2x of 50 MiB)'));
  console.log(row('child_process.spawn of the init stub', 'spawn', 'the stub alone (pid namespace), forked from Node as before the launcher'));
}
