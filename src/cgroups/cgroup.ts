// One container's cgroup, in either hierarchy: create, inspect, remove.
import { mkdirSync, readFileSync, readdirSync, rmdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { errnoCode } from '../errors.js';
import { CgroupError } from './errors.js';

export interface CgroupRef {
  version: 1 | 2;
  /** Where the hierarchy is mounted; `path` is below it. */
  mountPoint: string;
  /** Absolute path of the cgroup directory. */
  path: string;
}

export function procsFile(ref: CgroupRef): string {
  return join(ref.path, 'cgroup.procs');
}

/** A cgroup removed under us: ENOENT, or ENODEV for a file of a cgroup being removed. */
export function cgroupGone(error: unknown): boolean {
  const code = errnoCode(error);
  return code === 'ENOENT' || code === 'ENODEV';
}

function readControl(ref: CgroupRef, name: string): string | undefined {
  try {
    return readFileSync(join(ref.path, name), 'utf8');
  } catch (error) {
    if (cgroupGone(error)) return undefined;
    throw new CgroupError('CGROUP_READ_FAILED', ref.path, `cannot read ${name} of cgroup ${ref.path}`, { cause: error });
  }
}

/** v2's cgroup.events as a map ("populated" → 0/1, "frozen" → 0/1). */
export function readEvents(ref: CgroupRef): Map<string, number> | undefined {
  const text = readControl(ref, 'cgroup.events');
  if (text === undefined) return undefined;
  return new Map(text.trim().split('\n').map((line) => {
    const [key = '', value = '0'] = line.split(' ');
    return [key, Number(value)] as const;
  }));
}

/** Effective freeze state: a cgroup below a frozen parent is frozen too. */
export function isFrozen(ref: CgroupRef): boolean {
  if (ref.version === 2) return readEvents(ref)?.get('frozen') === 1;
  const state = readControl(ref, 'freezer.state')?.trim();
  return state === 'FROZEN' || state === 'FREEZING';
}

function childCgroups(path: string): string[] {
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(path, entry.name));
  } catch {
    return [];
  }
}

/** The cgroup and every cgroup below it, deepest first. */
export function postOrder(ref: CgroupRef): CgroupRef[] {
  const below = childCgroups(ref.path).flatMap((path) => postOrder({ ...ref, path }));
  return [...below, ref];
}

/** Every process in the cgroup or below it. */
export function listProcesses(ref: CgroupRef): number[] {
  return postOrder(ref).flatMap((cg) =>
    (readControl(cg, 'cgroup.procs') ?? '').split('\n').filter(Boolean).map(Number),
  );
}

export function isPopulated(ref: CgroupRef): boolean {
  if (ref.version === 2) {
    const events = readEvents(ref);
    if (events) return events.get('populated') === 1;
  }
  return listProcesses(ref).length > 0;
}

/**
 * Creates the container's cgroup (and our root above it). Refuses one that
 * is frozen (the task would hang before it starts) or already holds processes.
 */
export function createCgroup(ref: CgroupRef): void {
  let created = false;
  try {
    mkdirSync(dirname(ref.path), { recursive: true });
    mkdirSync(ref.path);
    created = true;
  } catch (error) {
    if (errnoCode(error) !== 'EEXIST')
      throw new CgroupError('CGROUP_CREATE_FAILED', ref.path, `cannot create cgroup ${ref.path}`, { cause: error });
  }
  const refusal = isFrozen(ref)
    ? new CgroupError('CGROUP_FROZEN', ref.path, `cgroup ${ref.path} is frozen: refusing to launch into it (thaw it or its parent first)`)
    : listProcesses(ref).length > 0
      ? new CgroupError('CGROUP_BUSY', ref.path, `cgroup ${ref.path} already holds processes: is another container using this id?`)
      : undefined;
  if (refusal) {
    if (created) rmdirSync(ref.path);
    throw refusal;
  }
}

/** Removes the cgroup and any below it; a cgroup already gone is fine. */
export function removeCgroup(ref: CgroupRef): void {
  for (const cg of postOrder(ref)) {
    try {
      rmdirSync(cg.path);
    } catch (error) {
      if (cgroupGone(error)) continue;
      throw new CgroupError('CGROUP_REMOVE_FAILED', cg.path, `cannot remove cgroup ${cg.path}`, { cause: error });
    }
  }
}
