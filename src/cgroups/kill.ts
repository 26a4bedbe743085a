// Kills every process in a container's cgroup (destroy's sweep, DESIGN.md §4):
// cgroup.kill on v2; on v1 freeze → SIGKILL each task → thaw, always thawing,
// retrying when FREEZING does not settle, until the cgroup is empty.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { signalProcess } from '../proc/pidfd-signal.js';
import type { CgroupRef } from './cgroup.js';
import { cgroupGone, isPopulated, listProcesses } from './cgroup.js';
import { freezeControls, settle, thawCgroup } from './freeze.js';
import { cgroupPathOf, isWithin } from './membership.js';
import { killTimeout, waitUntilEmpty } from './wait-empty.js';

/** How long one freeze may stay FREEZING before we thaw and try again. */
const FREEZE_SETTLE_MS = 250;
const KILL_SETTLE_MS = 50;

function write(ref: CgroupRef, control: string, value: string): void {
  writeFileSync(join(ref.path, control), value);
}

/**
 * SIGKILLs each process listed, through a pidfd. Unless the cgroup is known
 * FROZEN, /proc must still show the pid in this cgroup after the pidfd is
 * open. Frozen, its tasks can neither exit nor fork, so a pid read from
 * cgroup.procs cannot have been reused: the check (a /proc read per process,
 * a third of the cost with 1000 processes) is skipped.
 */
async function killEach(cg: CgroupRef, controller: string, frozen = false): Promise<void> {
  const relative = cg.path.slice(cg.mountPoint.length) || '/';
  const stillOurs = (pid: number): boolean => {
    if (frozen) return true;
    const path = cgroupPathOf(pid, cg.version, controller);
    return path !== undefined && isWithin(path, relative);
  };
  for (const pid of listProcesses(cg)) await signalProcess(pid, 'SIGKILL', stillOurs);
}

async function freezeKillThaw(cg: CgroupRef, deadline: number, seconds: number): Promise<void> {
  const controls = freezeControls(cg);
  while (isPopulated(cg)) {
    if (Date.now() >= deadline) throw killTimeout(cg, seconds);
    try {
      controls.freeze();
      // Not settling (a task in uninterruptible sleep, a kernel quirk) is not
      // fatal: kill what we can see, thaw so the signals land, then retry.
      const frozen = await settle(controls.frozen, Math.min(deadline, Date.now() + FREEZE_SETTLE_MS));
      await killEach(cg, 'freezer', frozen);
    } finally {
      thawCgroup(cg);
    }
    await waitUntilEmpty(cg, Math.min(deadline, Date.now() + KILL_SETTLE_MS));
  }
}

/** Resolves once the cgroup holds no process; rejects at the deadline naming what is left. */
export async function killCgroup(cg: CgroupRef, deadline: number): Promise<void> {
  try {
    await killOrTimeout(cg, deadline);
  } catch (error) {
    // The launcher's monitor removes an emptied cgroup: gone means empty.
    if (cgroupGone(error) && !existsSync(cg.path)) return;
    throw error;
  }
}

/** Without a freezer (a v1 cpu or memory hierarchy): kill what is there until nothing is. */
async function killRepeatedly(cg: CgroupRef, deadline: number, seconds: number): Promise<void> {
  while (isPopulated(cg)) {
    if (Date.now() >= deadline) throw killTimeout(cg, seconds);
    // A v1 hierarchy is named after its first controller: /sys/fs/cgroup/cpu,cpuacct
    await killEach(cg, cg.mountPoint.slice(cg.mountPoint.lastIndexOf('/') + 1).split(',')[0]!);
    await waitUntilEmpty(cg, Math.min(deadline, Date.now() + KILL_SETTLE_MS));
  }
}

async function killOrTimeout(cg: CgroupRef, deadline: number): Promise<void> {
  if (!existsSync(cg.path) || !isPopulated(cg)) return;
  const seconds = Math.max(0, Math.round((deadline - Date.now()) / 1000));
  if (cg.version === 2 && existsSync(join(cg.path, 'cgroup.kill'))) {
    write(cg, 'cgroup.kill', '1');
    if (!(await waitUntilEmpty(cg, deadline))) throw killTimeout(cg, seconds);
    return;
  }
  const canFreeze = existsSync(join(cg.path, cg.version === 2 ? 'cgroup.freeze' : 'freezer.state'));
  await (canFreeze ? freezeKillThaw(cg, deadline, seconds) : killRepeatedly(cg, deadline, seconds));
}
