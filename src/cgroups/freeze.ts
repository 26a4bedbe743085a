// Freezing a cgroup (v2 cgroup.freeze, the v1 freezer): its processes can
// then neither run, fork, exit nor move to another cgroup, so what is read of
// it stays true until it is thawed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import type { CgroupRef } from './cgroup.js';
import { cgroupGone } from './cgroup.js';

export interface FreezeControls {
  freeze(): void;
  thaw(): void;
  frozen(): boolean;
}

export function freezeControls(ref: CgroupRef): FreezeControls {
  const write = (control: string, value: string): void => writeFileSync(join(ref.path, control), value);
  if (ref.version === 2) {
    return {
      freeze: () => write('cgroup.freeze', '1'),
      thaw: () => write('cgroup.freeze', '0'),
      frozen: () => /^frozen 1$/m.test(readFileSync(join(ref.path, 'cgroup.events'), 'utf8')),
    };
  }
  return {
    freeze: () => write('freezer.state', 'FROZEN'),
    thaw: () => write('freezer.state', 'THAWED'),
    frozen: () => readFileSync(join(ref.path, 'freezer.state'), 'utf8').trim() === 'FROZEN',
  };
}

export function canFreeze(ref: CgroupRef): boolean {
  return existsSync(join(ref.path, ref.version === 2 ? 'cgroup.freeze' : 'freezer.state'));
}

/** Polls until `check` holds, starting fast; false at `until`. */
export async function settle(check: () => boolean, until: number): Promise<boolean> {
  for (let delay = 0.25; ; delay = Math.min(delay * 2, 10)) {
    if (check()) return true;
    if (Date.now() >= until) return false;
    await sleep(delay);
  }
}

/** Freezes it and waits until it is frozen; false when it cannot be frozen or did not settle by `until`. */
export async function freezeCgroup(ref: CgroupRef, until: number): Promise<boolean> {
  if (!canFreeze(ref)) return false;
  const controls = freezeControls(ref);
  try {
    controls.freeze();
    return await settle(controls.frozen, until);
  } catch (error) {
    if (cgroupGone(error)) return false;
    throw error;
  }
}

/** Thaws it; a cgroup already removed needs none. */
export function thawCgroup(ref: CgroupRef): void {
  try {
    freezeControls(ref).thaw();
  } catch (error) {
    if (!cgroupGone(error)) throw error;
  }
}
