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
import { allPids } from '../../src/proc/processes.js';

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
   * Processes that carry this harness's paths in their environment (every
   * task does) or on their command line (the init stub, whose environment is
   * empty, names its run directory and sandbox there).
   */
  ours(): number[] {
    const carries = (pid: number, file: 'environ' | 'cmdline'): boolean => {
      try {
        return readFileSync(`/proc/${pid}/${file}`, 'latin1').includes(this.root);
      } catch {
        return false;
      }
    };
    return allPids().filter((pid) => carries(pid, 'environ') || carries(pid, 'cmdline'));
  }

  /**
   * What is left that should not be. `live` containers (running, launching)
   * may have processes and cgroups; an ended one may keep an empty cgroup
   * until it is cleaned up; nothing else may remain.
   */
  leaks(live: ContainerStatus[] = [], ended: ContainerStatus[] = []): Leaks {
    const ours = this.ours();
    const c = this.made[0] ?? this.containerizer();
    // A live container's processes, and its monitor (the init's parent, outside it).
    const expected = new Set(live.flatMap((s) => {
      try {
        const monitor = s.pid === null ? [] : [Number(readFileSync(`/proc/${s.pid}/stat`, 'latin1').split(') ')[1]!.split(' ')[1])];
        return [...c.processes(s.container_id).map((p) => p.pid), ...monitor];
      } catch {
        return [];
      }
    }));
    const liveIds = new Set(live.map((s) => s.container_id));
    const notCleanedUp = new Set(ended.filter((s) => !s.cleaned_up).map((s) => s.container_id));
    // A process that is gone by now (a container's short-lived child, seen in `ours` just before it ended) is no leak.
    const processes = ours.filter((pid) => !expected.has(pid) && existsSync(`/proc/${pid}/cmdline`)).map((pid) => {
      let cmd = '';
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ').trim();
      } catch {
        // gone meanwhile
      }
      return `${pid} ${cmd}`;
    });
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
    if (live.length > 0 || ended.length > 0) {
      for (const cgroup of this.cgroupRoots().flatMap(childDirectories)) {
        const id = basename(cgroup);
        if (liveIds.has(id)) continue;
        if (readFileSync(join(cgroup, 'cgroup.procs'), 'utf8').trim()) cgroups.push(`${cgroup} (has processes)`);
        else if (!notCleanedUp.has(id)) cgroups.push(`${cgroup} (left behind)`);
      }
      return { processes, mounts, cgroups };
    }
    for (const root of this.cgroupRoots()) {
      if (!existsSync(root)) continue;
      try {
        rmdirSync(root);
      } catch {
        cgroups.push(`${root} (cannot be removed: a container cgroup is left inside)`);
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
    // Whatever leaked is ours (it carries our paths): end it by pid, no name matching.
    for (const pid of this.ours()) {
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
