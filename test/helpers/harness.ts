// Per-test isolation for integration tests: a private runtime dir, work dir
// and cgroup root. Teardown first proves that containers which ended by
// themselves left nothing (no process, mount or cgroup), then destroys the
// rest and proves that destroy left nothing either, even when the test failed.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, readlinkSync, rmSync, rmdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import type { ExecutionContext, TestFn } from 'ava';
import { execa } from 'execa';
import type { Options as ExecaOptions, Result } from 'execa';

import { tryLockExclusive } from '../../native-bindings/libc.js';
import { Containerizer } from '../../src/containerizer/containerizer.js';
import type { ContainerizerOptions } from '../../src/containerizer/options.js';
import type { ContainerStatus } from '../../src/containerizer/status.js';
import { readCgroupMounts } from '../../src/cgroups/mounts.js';
import { createLogger } from '../../src/log/logger.js';
import type { ProcessIdentity } from '../../src/proc/identity.js';
import { identify, isAlive } from '../../src/proc/identity.js';
import { onAbruptExit } from './abrupt-exit.js';
import { describeProcess, processesOf, stillThere, sweepHarness, sweepStaleHarnesses, writeOwner } from './harness-sweep.js';

export const BIN = new URL('../../bin/mesos-containerizer', import.meta.url).pathname;
export const isRoot = process.getuid?.() === 0;

export interface Leaks {
  processes: string[];
  mounts: string[];
  cgroups: string[];
}

export class Harness {
  readonly id = randomBytes(4).toString('hex');
  readonly root = mkdtempSync('/tmp/mct-');
  readonly runtimeDir = join(this.root, 'run');
  readonly workDir = join(this.root, 'work');
  readonly cgroupsRoot = `mesos-test-${this.id}`;
  private readonly made: Containerizer[] = [];
  private readonly spared: ProcessIdentity[] = [];
  private static staleSwept = false;
  /** Until teardown: what is swept should this process end first. */
  private readonly dropExitSweep: () => void;

  constructor() {
    if (!Harness.staleSwept) {
      Harness.staleSwept = true;
      const swept = sweepStaleHarnesses();
      if (swept.length > 0) process.stderr.write(`# swept what test processes killed before their teardown left:\n${swept.map((f) => `#   ${f}`).join('\n')}\n`);
    }
    writeOwner(this);
    this.dropExitSweep = onAbruptExit(() => {
      const found = sweepHarness(this, this.spared);
      if (found.length > 0) process.stderr.write(`# the test process ended before the teardown of harness ${this.root}; swept:\n${found.map((f) => `#   ${f}`).join('\n')}\n`);
    });
  }

  containerizer(options: ContainerizerOptions = {}): Containerizer {
    const c = new Containerizer({ runtimeDir: this.runtimeDir, workDir: this.workDir, cgroupsRoot: this.cgroupsRoot, logger: createLogger('error'), ...options });
    this.made.push(c);
    return c;
  }

  flags(): string[] {
    return [`--runtime_dir=${this.runtimeDir}`, `--work_dir=${this.workDir}`, `--cgroups_root=${this.cgroupsRoot}`];
  }

  /** Runs the CLI with this harness's flags inserted after the command name. */
  cli(args: string[], options: ExecaOptions = {}): Promise<Result> {
    const [command = '', ...rest] = args;
    return execa(BIN, [command, ...this.flags(), ...rest], { reject: false, env: { NODE_EXTRA_CA_CERTS: '' }, ...options }) as Promise<Result>;
  }

  sandbox(containerId: string): string {
    return join(this.workDir, 'containers', containerId);
  }

  /** Our cgroup root in every hierarchy: the container's own and the resource controllers'. */
  cgroupRoots(): string[] {
    return readCgroupMounts().map((m) => join(m.mountPoint, this.cgroupsRoot));
  }

  /**
   * A process the test started to drive containers (an agent, a launcher
   * held in another process): it carries our paths on its command line but
   * belongs to no container, so ours() leaves it out. Its starter ends it;
   * teardown ends it too, should the test have failed first.
   */
  spare(pid: number | undefined): void {
    const identity = pid === undefined ? undefined : identify(pid);
    if (identity) this.spared.push(identity);
  }

  /**
   * Processes that carry this harness's paths in their environment (every
   * task does) or on their command line (the init stub's monitor names its
   * run directory and sandbox there), or are in its cgroups (the init, whose
   * command line is a short title and whose environment is empty); spared
   * ones aside.
   */
  ours(): number[] {
    return processesOf(this, new Set(this.spared.filter(isAlive).map((p) => p.pid)));
  }

  private processesOf(c: Containerizer, id: string): number[] {
    try {
      return c.processes(id).map((p) => p.pid);
    } catch {
      return []; // ended meanwhile
    }
  }

  private monitorOf(id: string): number[] {
    try {
      const record = JSON.parse(readFileSync(join(this.runtimeDir, 'containers', id, 'state.json'), 'utf8')) as { monitor?: { pid: number } };
      return record.monitor ? [record.monitor.pid] : [];
    } catch {
      return []; // no record (yet), or a torn one
    }
  }

  /**
   * What is left that should not be. `live` containers (running, launching)
   * may have processes and cgroups; an ended one may keep an empty cgroup
   * until it is cleaned up; nothing else may remain.
   */
  leaks(live: ContainerStatus[] = [], ended: ContainerStatus[] = []): Leaks {
    const ours = this.ours();
    const c = this.made[0] ?? this.containerizer();
    // A live container's processes, and its monitor (outside it, named by its
    // record: the init may be gone already while the monitor records the end).
    const expectedNow = (): Set<number> => new Set(live.flatMap((s) => [...this.processesOf(c, s.container_id), ...this.monitorOf(s.container_id)]));
    const expected = expectedNow();
    // A live container forks and reaps on (a shell loop): what was seen in
    // it a moment ago and is gone (or a zombie) now, or was forked in it
    // since, is no leak. Only what is still there, and still in no live
    // container, is.
    const suspects = ours.filter((pid) => !expected.has(pid));
    const stillExpected = suspects.length > 0 ? expectedNow() : expected;
    const liveIds = new Set(live.map((s) => s.container_id));
    const notCleanedUp = new Set(ended.filter((s) => !s.cleaned_up).map((s) => s.container_id));
    const processes = suspects.filter((pid) => !stillExpected.has(pid) && stillThere(pid)).map((pid) => describeProcess(pid, this));
    const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .filter((line) => line.includes(this.root) || line.includes(this.cgroupsRoot));
    const cgroups = this.cgroupRoots().flatMap((root) => {
      try {
        return readFileSync(join(root, 'cgroup.procs'), 'utf8').trim() ? [`${root} (has processes)`] : [];
      } catch {
        return [];
      }
    });
    for (const cgroup of this.cgroupRoots().flatMap(childDirectories)) {
      const id = basename(cgroup);
      if (liveIds.has(id)) continue;
      const pids = readFileSync(join(cgroup, 'cgroup.procs'), 'utf8').trim().split('\n').filter(Boolean);
      if (pids.length > 0) cgroups.push(`${cgroup} (container ${id}: has processes ${pids.join(', ')})`);
      else if (!notCleanedUp.has(id)) cgroups.push(`${cgroup} (container ${id}: left behind)`);
    }
    if (live.length > 0 || ended.length > 0) return { processes, mounts, cgroups };
    for (const root of this.cgroupRoots()) {
      if (!existsSync(root)) continue;
      try {
        rmdirSync(root);
      } catch {
        if (!cgroups.some((entry) => entry.startsWith(`${root}/`))) cgroups.push(`${root} (cannot be removed)`);
      }
    }
    return { processes, mounts, cgroups };
  }

  /**
   * Checks what containers that ended by themselves left, destroys every
   * container the test left, checks again, then removes everything.
   */
  async teardown(): Promise<Leaks> {
    const c = this.made[0] ?? this.containerizer();
    const statuses = c.containers();
    const live = statuses.filter((s) => s.state === 'running' || s.state === 'launching');
    const byThemselves = this.leaks(live, statuses.filter((s) => !live.includes(s)));
    for (const id of statuses.map((s) => s.container_id)) {
      try {
        await c.destroy(id, { timeoutSeconds: 20 });
      } catch {
        // reported below as a leak
      }
    }
    const afterDestroy = this.leaks();
    const label = (entry: string): string => `${entry} (left by a container that ended by itself)`;
    const leaks: Leaks = {
      processes: [...new Set([...byThemselves.processes.map(label), ...afterDestroy.processes])],
      mounts: [...new Set([...byThemselves.mounts.map(label), ...afterDestroy.mounts])],
      cgroups: [...new Set([...byThemselves.cgroups.map(label), ...afterDestroy.cgroups])],
    };
    // Whatever leaked is ours (it carries our paths), and so is a helper the
    // test did not end: end them by pid, no name matching.
    for (const pid of [...this.ours(), ...this.spared.filter(isAlive).map((p) => p.pid)]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const root of this.cgroupRoots()) {
      try {
        rmdirSync(root);
      } catch {
        // already gone (or reported above)
      }
    }
    rmSync(this.root, { recursive: true, force: true });
    this.dropExitSweep();
    return leaks;
  }
}

export interface HarnessContext {
  h: Harness;
}

/** Gives each test of the file a fresh harness in t.context.h, checked for leaks afterwards. */
export function useHarness(test: TestFn<HarnessContext>): void {
  test.beforeEach((t) => {
    t.context.h = new Harness();
  });
  test.afterEach.always(async (t) => {
    const leaks = await t.context.h.teardown();
    t.deepEqual(leaks, { processes: [], mounts: [], cgroups: [] }, 'the test left something behind');
  });
}

const NEEDS_ROOT = 'they need root (real namespaces, mounts and cgroups)';

/**
 * Root-only tests: where we are not root, every test of the file is
 * declared skipped, its title saying why, and the file's hooks (the
 * harness's beforeEach/afterEach) are never registered: ava has none on
 * test.skip, and there is nothing for them to set up or check.
 */
export function rootOnly<T>(test: TestFn<T>): TestFn<T> {
  if (isRoot) return test;
  console.log(`# integration tests skipped: ${NEEDS_ROOT}`);
  const skip = (title: string): void => test.skip(`${title} (skipped: needs root)`, () => undefined);
  const noHook = Object.assign(() => undefined, { always: () => undefined, skip: () => undefined });
  const declare = Object.assign(skip, { skip, only: skip, failing: skip });
  return Object.assign(skip, {
    serial: declare,
    skip,
    only: skip,
    failing: skip,
    todo: test.todo,
    meta: test.meta,
    before: noHook,
    after: noHook,
    beforeEach: noHook,
    afterEach: noHook,
  }) as unknown as TestFn<T>;
}

function childDirectories(path: string): string[] {
  try {
    return readdirSync(path, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(path, e.name));
  } catch {
    return [];
  }
}

const MOUNT_TABLE_LOCK = '/tmp/mesos-containerizer-tests.mount-table.lock';

/**
 * For tests that change or compare the host's whole mount table: they run
 * one at a time across test files (and worktrees) on this machine. Declare
 * them with test.serial too, for the tests of their own file.
 */
export async function withHostMountTable<T>(run: () => Promise<T>): Promise<T> {
  const fd = openSync(MOUNT_TABLE_LOCK, 'a', 0o666);
  try {
    for (let i = 0; !tryLockExclusive(fd); i++) {
      if (i > 12_000) throw new Error(`waited 2 minutes for ${MOUNT_TABLE_LOCK}`);
      await sleep(10);
    }
    return await run();
  } finally {
    closeSync(fd); // releases the lock
  }
}

export function hostNamespace(kind: 'pid' | 'mnt'): string {
  return readlinkSync(`/proc/self/ns/${kind}`);
}

export type { ExecutionContext };
