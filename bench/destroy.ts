// Destroy latency, from the request to the last process gone, for containers
// of 1, 100 and 1000 processes (plain children, or daemons that setsid and
// double-fork), by each of our paths, next to bwrap (SIGKILL its pid 1) and
// crun (kill --all, delete -f).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { Containerizer } from '../dist/src/index.js';
import type { BenchContext } from './context.js';
import type { Row } from './report.js';
import { printRows } from './report.js';
import { COMMAND_DEADLINE_MS, attempt, namespaceInit, withDeadline } from './deadline.js';
import { nowMs, summarize } from './stats.js';

type Shape = 'plain' | 'daemon';

/** The task: N sleeping processes in all, then waits. */
function workload(processes: number, shape: Shape): string {
  const children = Math.max(0, processes - 1);
  const spawnOne = shape === 'plain' ? 'sleep 1000 &' : '( setsid sleep 1000 & );';
  return children === 0 ? 'exec sleep 1000' : `for i in $(seq ${children}); do ${spawnOne} done; exec sleep 1000`;
}

function pidsInNamespace(inode: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        return readlinkSync(`/proc/${name}/ns/pid`) === inode;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Polls until `ready` says yes; a peer that never gets there fails its row instead of hanging the bench. */
async function until<T>(what: string, ready: () => T | undefined): Promise<T> {
  const end = Date.now() + 30_000;
  for (;;) {
    const value = ready();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(5);
  }
}

function alive(pid: number): boolean {
  try {
    return !/\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return false;
  }
}

/** Runs a peer command; only `state` output is read (a detached crun keeps inherited pipes open). */
function runIn(ctx: BenchContext, argv: string[], capture = false): string {
  const full = ctx.peers.inNamespace(argv);
  const result = spawnSync(full[0]!, full.slice(1), { encoding: 'utf8', timeout: COMMAND_DEADLINE_MS, killSignal: 'SIGKILL', stdio: ['ignore', capture ? 'pipe' : 'ignore', 'ignore'] });
  if (result.error) throw new Error(`${argv.join(' ')}: ${result.error.message}`);
  return result.stdout ?? '';
}

async function untilAllDead(pids: number[], limitMs = 20_000): Promise<void> {
  const end = Date.now() + limitMs;
  let left = pids;
  while (left.length > 0) {
    left = left.filter(alive);
    if (left.length === 0) return;
    if (Date.now() > end) throw new Error(`${left.length} process(es) still alive ${limitMs} ms after the kill (e.g. pid ${left[0]})`);
    await sleep(1);
  }
}

async function ours(ctx: BenchContext, label: string, isolation: string, hierarchy: 'v1' | 'v2', processes: number, shape: Shape, runs: number): Promise<Row> {
  const containerizer = new Containerizer({ runtimeDir: ctx.runtimeDir, workDir: ctx.workDir, cgroupsRoot: ctx.cgroupsRoot, isolation, cgroupsHierarchy: hierarchy });
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const id = `d-${label.replace(/\W+/g, '-')}-${processes}-${shape}-${i}`;
    await withDeadline(`launch of ${id}`, containerizer.launch({ containerId: id, command: { value: workload(processes, shape) } }));
    await until(`${id} to run ${processes} processes`, () => (containerizer.processes(id).length >= processes + 1 ? true : undefined));
    const start = nowMs();
    await withDeadline(`destroy of ${id}`, containerizer.destroy(id));
    samples.push(nowMs() - start);
  }
  return { name: `${label}, ${processes} ${shape}`, summary: summarize(samples) };
}

async function bwrap(processes: number, shape: Shape, runs: number): Promise<Row> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    // --die-with-parent: should this bench die, the sandbox goes with it.
    const child = spawn('bwrap', ['--die-with-parent', '--bind', '/', '/', '--dev', '/dev', '--unshare-pid', '--proc', '/proc', 'sh', '-c', workload(processes, shape)], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Whatever happens to this row, the sandbox does not outlive it.
    const giveUp = (): void => void child.kill('SIGKILL');
    process.once('exit', giveUp);
    const namespace = await until(`bwrap to run ${processes} processes`, () => {
      try {
        // Its pid 1 is bwrap's child (not the lowest pid: pids wrap around).
        const child1 = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ')[0]);
        const ns = readlinkSync(`/proc/${child1}/ns/pid`);
        return pidsInNamespace(ns).length >= processes + 1 ? ns : undefined;
      } catch {
        return undefined;
      }
    });
    const pids = pidsInNamespace(namespace);
    const init = namespaceInit(pids);
    if (init === undefined) throw new Error(`no pid 1 found among bwrap's ${pids.length} processes`);
    const start = nowMs();
    process.kill(init, 'SIGKILL');
    await untilAllDead(pids);
    await withDeadline('bwrap to exit', exited);
    samples.push(nowMs() - start);
    process.off('exit', giveUp);
  }
  return { name: `bwrap SIGKILL pid 1, ${processes} ${shape}`, summary: summarize(samples) };
}

async function crun(ctx: BenchContext, verb: 'kill' | 'delete', processes: number, shape: Shape, runs: number): Promise<Row> {
  const root = join(ctx.peers.stateDir, 'crun-destroy');
  const bundle = ctx.peers.bundle(`crun-${processes}-${shape}-${verb}`, ['sh', '-c', workload(processes, shape)]);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const id = `cd-${processes}-${shape}-${verb}-${i}`;
    runIn(ctx, ['crun', '--root', root, 'run', '--detach', '--bundle', bundle, id]);
    const state = JSON.parse(runIn(ctx, ['crun', '--root', root, 'state', id], true) || '{}') as { pid?: number };
    if (!state.pid) throw new Error(`crun did not start ${id}`);
    // A peer that fails mid-row must not stay behind.
    const giveUp = (): void => void runIn(ctx, ['crun', '--root', root, 'delete', '-f', id]);
    process.once('exit', giveUp);
    const inode = readlinkSync(`/proc/${state.pid}/ns/pid`);
    const pids = await until(`crun to run ${processes} processes`, () => {
      const found = pidsInNamespace(inode);
      return found.length >= processes ? found : undefined;
    });
    const command = verb === 'kill' ? ['crun', '--root', root, 'kill', '--all', id, 'KILL'] : ['crun', '--root', root, 'delete', '-f', id];
    const start = nowMs();
    runIn(ctx, command);
    await untilAllDead(pids);
    samples.push(nowMs() - start);
    if (verb === 'kill') runIn(ctx, ['crun', '--root', root, 'delete', '-f', id]);
    process.off('exit', giveUp);
  }
  return { name: `crun ${verb === 'kill' ? 'kill --all' : 'delete -f'}, ${processes} ${shape}`, summary: summarize(samples), note: 'through nsenter' };
}

export async function benchDestroy(ctx: BenchContext): Promise<void> {
  const runsFor = (processes: number): number => Math.max(3, Math.round(ctx.runs / (processes >= 1000 ? 10 : processes >= 100 ? 4 : 2)));
  for (const processes of [1, 100, 1000]) {
    const rows: Row[] = [];
    for (const shape of ['plain', 'daemon'] as Shape[]) {
      if (processes === 1 && shape === 'daemon') continue;
      const runs = runsFor(processes);
      const label = `${processes} ${shape}`;
      // One row per path destroy takes (kill-container.ts): cgroup.kill with the
      // init's SIGKILL; the init's SIGKILL and the kernel's namespace teardown,
      // then the freezer; without a pid namespace, descendants stopped first.
      rows.push(await attempt(`ours: pid ns + v2 cgroup.kill, ${label}`, () => ours(ctx, 'ours: pid ns + v2 cgroup.kill', 'namespaces/pid', 'v2', processes, shape, runs)));
      rows.push(await attempt(`ours: pid ns, v1 freezer, ${label}`, () => ours(ctx, 'ours: pid ns, v1 freezer', 'namespaces/pid', 'v1', processes, shape, runs)));
      rows.push(await attempt(`ours: no pid ns, v2 cgroup.kill, ${label}`, () => ours(ctx, 'ours: no pid ns, v2 cgroup.kill', 'posix/cpu', 'v2', processes, shape, runs)));
      rows.push(await attempt(`ours: no pid ns, v1 freezer, ${label}`, () => ours(ctx, 'ours: no pid ns, v1 freezer', 'posix/cpu', 'v1', processes, shape, runs)));
      if (ctx.peers.bwrap) rows.push(await attempt(`bwrap SIGKILL pid 1, ${label}`, () => bwrap(processes, shape, runs)));
      if (ctx.peers.crun) {
        rows.push(await attempt(`crun kill --all, ${label}`, () => crun(ctx, 'kill', processes, shape, runs)));
        rows.push(await attempt(`crun delete -f, ${label}`, () => crun(ctx, 'delete', processes, shape, runs)));
      }
    }
    printRows(`Destroy latency, ${processes} process${processes > 1 ? 'es' : ''} (request to last process gone; ours through the library)`, rows, [`crun kill --all, ${processes} plain`]);
  }
}
