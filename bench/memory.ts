// Memory that stays alive per running container: everything but the payload
// (our monitor and init; bwrap's two processes; unshare's waiting parent), as
// RSS, PSS and USS from /proc/<pid>/smaps_rollup, 5 containers at once.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { Containerizer } from '../dist/src/index.js';
import type { BenchContext } from './context.js';
import { withDeadline } from './deadline.js';

const COUNT = 5;

interface Memory {
  rss: number;
  pss: number;
  uss: number;
}

function memoryOf(pid: number): Memory {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (name: string): number => Number(text.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0);
  return { rss: kb('Rss'), pss: kb('Pss'), uss: kb('Private_Clean') + kb('Private_Dirty') };
}

function sum(pids: number[]): Memory {
  return pids.map(memoryOf).reduce((a, b) => ({ rss: a.rss + b.rss, pss: a.pss + b.pss, uss: a.uss + b.uss }), { rss: 0, pss: 0, uss: 0 });
}

function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

function descendants(pid: number): number[] {
  return childrenOf(pid).flatMap((child) => [child, ...descendants(child)]);
}

/** Ends a peer and everything it started, by pid (deepest first). */
function killTree(child: ChildProcess): void {
  for (const pid of [...descendants(child.pid!).reverse(), child.pid!]) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone with its namespace
    }
  }
}

function row(name: string, processes: number, perContainer: Memory): string {
  const mib = (kb: number): string => (kb / 1024).toFixed(2);
  return `| ${name} | ${processes} | ${mib(perContainer.rss)} | ${mib(perContainer.pss)} | ${mib(perContainer.uss)} |`;
}

function average(samples: Memory[]): Memory {
  const total = sum([]);
  for (const s of samples) {
    total.rss += s.rss;
    total.pss += s.pss;
    total.uss += s.uss;
  }
  return { rss: total.rss / samples.length, pss: total.pss / samples.length, uss: total.uss / samples.length };
}

async function peerSupervisors(argv: (i: number) => string[], depth: number): Promise<{ samples: Memory[]; children: ChildProcess[] }> {
  const children = Array.from({ length: COUNT }, (_, i) => spawn(argv(i)[0]!, argv(i).slice(1), { stdio: 'ignore' }));
  await sleep(300);
  const samples = children.map((child) => {
    const supervisors = [child.pid!];
    let next = child.pid!;
    for (let d = 1; d < depth; d++) {
      next = childrenOf(next)[0]!;
      supervisors.push(next);
    }
    return sum(supervisors);
  });
  return { samples, children };
}

export async function benchMemory(ctx: BenchContext): Promise<void> {
  console.log(`\n## Memory per running container (${COUNT} at once, payload excluded), MiB\n`);
  console.log('| what | processes | RSS | PSS | USS |');
  console.log('|---|---|---|---|---|');

  const containerizer = new Containerizer({ runtimeDir: ctx.runtimeDir, workDir: ctx.workDir, cgroupsRoot: ctx.cgroupsRoot });
  const ids = Array.from({ length: COUNT }, (_, i) => `mem-${i}`);
  for (const id of ids) await containerizer.launch({ containerId: id, command: { value: '/bin/sleep', shell: false, arguments: ['sleep', '100000'] } });
  await sleep(200);
  const ours = ids.map((id) => {
    const status = containerizer.status(id);
    const init = status.pid!;
    const monitor = Number(readFileSync(`/proc/${init}/stat`, 'latin1').split(') ')[1]!.split(' ')[1]);
    return sum([monitor, init]);
  });
  console.log(row('ours (monitor + init)', 2, average(ours)));
  for (const id of ids) await containerizer.destroy(id);
  await foregroundLaunches(ctx, containerizer);

  if (ctx.peers.bwrap) {
    const { samples, children } = await peerSupervisors(() => ['bwrap', '--bind', '/', '/', '--unshare-pid', '--proc', '/proc', 'sleep', '100000'], 2);
    console.log(row('bwrap (parent + pid-1 helper)', 2, average(samples)));
    children.forEach(killTree);
  }
  if (ctx.peers.unshare) {
    const { samples, children } = await peerSupervisors(() => ['unshare', '--pid', '--fork', '--mount', '--mount-proc', 'sleep', '100000'], 1);
    console.log(row('unshare (waiting parent)', 1, average(samples)));
    children.forEach(killTree);
  }
  console.log(row('node, idle (for scale: a Node supervisor per container)', 1, memoryOf(process.pid)));
}

/**
 * Foreground CLI launches, as agents run them: the process its caller waits
 * for is the init stub (the launch handed over to it), not a Node process.
 */
async function foregroundLaunches(ctx: BenchContext, containerizer: Containerizer): Promise<void> {
  const ids = Array.from({ length: COUNT }, (_, i) => `fg-${i}`);
  const launches = ids.map((id) => spawn(ctx.bin, ['launch', ...ctx.flags, `--container_id=${id}`, '--', 'sleep', '100000'], { stdio: 'ignore' }));
  const ended = launches.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  try {
    for (const id of ids) {
      await withDeadline(`${id} to run`, (async () => {
        while ((() => { try { return containerizer.status(id).state !== 'running'; } catch { return true; } })()) await sleep(20);
      })());
    }
    const waiting = launches.map((child) => memoryOf(child.pid!));
    const withInit = launches.map((child, i) => sum([child.pid!, containerizer.status(ids[i]!).pid!]));
    console.log(row('ours, foreground CLI launch: the waiting launch process (the stub)', 1, average(waiting)));
    console.log(row('ours, foreground CLI launch: waiting process + init', 2, average(withInit)));
  } finally {
    for (const id of ids) await withDeadline(`destroy of ${id}`, containerizer.destroy(id)).catch(() => undefined);
    await withDeadline('the foreground launches to exit', Promise.all(ended)).catch(() => launches.forEach(killTree));
  }
}
