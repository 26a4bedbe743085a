// The last resort of a test harness, synchronous so that it can run while
// the test process exits: every process of a harness (its helpers, the
// members of its cgroups, whatever carries its paths) is killed, its
// cgroups and its directory removed. Used when a test process ends before
// its teardown ran (a timeout, Ctrl-C: abrupt-exit.ts), and, for one killed
// outright, by the next test process (sweepStaleHarnesses). Each container
// is named by its id in what it says, so a leak is seen, not silently
// cleaned away.
import { existsSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { readCgroupMounts } from '../../src/cgroups/mounts.js';
import type { ProcessIdentity } from '../../src/proc/identity.js';
import { identify, isAlive } from '../../src/proc/identity.js';
import { allPids } from '../../src/proc/processes.js';

export interface HarnessPaths {
  root: string;
  cgroupsRoot: string;
}

const OWNER_FILE = 'owner.json';
const HARNESS_ROOTS = '/tmp';
const HARNESS_PREFIX = 'mct-';

function readText(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return '';
  }
}

function pidsIn(cgroup: string): number[] {
  return readText(join(cgroup, 'cgroup.procs')).split('\n').filter(Boolean).map(Number);
}

/** The container cgroups under our root in every hierarchy, by container id (deepest first). */
export function containerCgroups(cgroupsRoot: string): Map<string, string[]> {
  const byId = new Map<string, string[]>();
  for (const mount of readCgroupMounts()) {
    const root = join(mount.mountPoint, cgroupsRoot);
    let entries: string[];
    try {
      entries = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    } catch {
      continue;
    }
    for (const id of entries) byId.set(id, [...(byId.get(id) ?? []), join(root, id)]);
  }
  return byId;
}

/** Processes in a cgroup and the cgroups below it. */
function membersOf(cgroup: string): number[] {
  let below: string[] = [];
  try {
    below = readdirSync(cgroup, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(cgroup, e.name));
  } catch {
    // gone
  }
  return [...pidsIn(cgroup), ...below.flatMap(membersOf)];
}

/** The container a process belongs to: by its cgroup under our root, or the run directory or MESOS_CONTAINER_ID it names. */
export function containerOf(pid: number, paths: HarnessPaths): string | undefined {
  const cgroup = new RegExp(`/${paths.cgroupsRoot}/([^/\\n]+)`).exec(readText(`/proc/${pid}/cgroup`));
  if (cgroup) return cgroup[1];
  const named = readText(`/proc/${pid}/cmdline`) + '\0' + readText(`/proc/${pid}/environ`);
  return (new RegExp(`${paths.root}/run/containers/([^/\\0]+)`).exec(named) ?? /(?:^|\0)MESOS_CONTAINER_ID=([^\0]+)/.exec(named))?.[1];
}

/** Processes that carry the harness's root in their command line or environment, or are in its cgroups. */
export function processesOf(paths: HarnessPaths, except: ReadonlySet<number> = new Set()): number[] {
  const inCgroups = new Set([...containerCgroups(paths.cgroupsRoot).values()].flat().flatMap(membersOf));
  const mine = `${paths.root}/`;
  const carries = (pid: number): boolean => readText(`/proc/${pid}/cmdline`).includes(mine) || readText(`/proc/${pid}/environ`).includes(mine);
  return allPids().filter((pid) => pid !== process.pid && !except.has(pid) && (inCgroups.has(pid) || carries(pid)));
}

export function describeProcess(pid: number, paths: HarnessPaths): string {
  const id = containerOf(pid, paths);
  const cmd = readText(`/proc/${pid}/cmdline`).replaceAll('\0', ' ').trim();
  return `${pid}${id ? ` (container ${id})` : ''} ${cmd}`;
}

/** Exists and has not exited (a zombie is only waiting to be reaped). */
export function stillThere(pid: number): boolean {
  const state = readText(`/proc/${pid}/stat`).split(') ')[1]?.[0];
  return state !== undefined && state !== 'Z' && state !== 'X';
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone already
  }
}

/**
 * Kills everything of a harness and removes what it made; returns what it
 * found alive, one line a process (its container named), and what it
 * could not remove. `helpers`: processes it started that carry no path of
 * it (or that must go first: an agent would launch again).
 */
export function sweepHarness(paths: HarnessPaths, helpers: ProcessIdentity[] = []): string[] {
  const found: string[] = [];
  for (const helper of helpers.filter(isAlive)) {
    found.push(`helper ${describeProcess(helper.pid, paths)}`);
    kill(helper.pid);
  }
  for (let round = 0; round < 50; round++) {
    const alive = processesOf(paths).filter(stillThere);
    if (alive.length === 0) break;
    if (round === 0) found.push(...alive.map((pid) => describeProcess(pid, paths)));
    for (const cgroups of containerCgroups(paths.cgroupsRoot).values()) {
      for (const cgroup of cgroups.filter((cg) => existsSync(join(cg, 'cgroup.kill')))) {
        try {
          writeFileSync(join(cgroup, 'cgroup.kill'), '1');
        } catch {
          // removed meanwhile
        }
      }
    }
    alive.forEach(kill);
    sleepSync(20);
  }
  for (const [id, cgroups] of containerCgroups(paths.cgroupsRoot)) {
    for (const cgroup of cgroups) {
      try {
        rmdirSync(cgroup);
      } catch (error) {
        found.push(`cgroup ${cgroup} of container ${id}: cannot be removed (${(error as NodeJS.ErrnoException).code})`);
      }
    }
  }
  for (const mount of readCgroupMounts()) {
    try {
      rmdirSync(join(mount.mountPoint, paths.cgroupsRoot));
    } catch {
      // not there, or reported above
    }
  }
  rmSync(paths.root, { recursive: true, force: true });
  return found;
}

/** Names the test process that owns a harness, so that another can sweep it once that one is gone. */
export function writeOwner(paths: HarnessPaths): void {
  writeFileSync(join(paths.root, OWNER_FILE), JSON.stringify({ owner: identify(process.pid), cgroupsRoot: paths.cgroupsRoot }));
}

/**
 * Harnesses whose test process died without any teardown (killed outright):
 * swept. Returns what was found, a line each, naming the harness and the
 * container. Roots without an owner file are someone else's: left alone.
 */
export function sweepStaleHarnesses(): string[] {
  let names: string[];
  try {
    names = readdirSync(HARNESS_ROOTS).filter((n) => n.startsWith(HARNESS_PREFIX));
  } catch {
    return [];
  }
  const report: string[] = [];
  for (const name of names) {
    const root = join(HARNESS_ROOTS, name);
    let owner: { owner?: ProcessIdentity; cgroupsRoot?: string };
    try {
      owner = JSON.parse(readFileSync(join(root, OWNER_FILE), 'utf8')) as typeof owner;
    } catch {
      continue;
    }
    if (!owner.owner || !owner.cgroupsRoot || isAlive(owner.owner)) continue;
    const found = sweepHarness({ root, cgroupsRoot: owner.cgroupsRoot });
    report.push(...found.map((f) => `harness ${root} of test process ${owner.owner!.pid} (gone before its teardown): ${f}`));
  }
  return report;
}
