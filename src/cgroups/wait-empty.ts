import { setTimeout as sleep } from 'node:timers/promises';

import { readProcStat } from '../proc/stat.js';
import type { CgroupRef } from './cgroup.js';
import { isPopulated, listProcesses } from './cgroup.js';
import { CgroupError } from './errors.js';

/** What is still in the cgroup, for an error message: "123 (sleep, state D)". */
export function describeRemaining(ref: CgroupRef): string {
  const pids = listProcesses(ref);
  const shown = pids.slice(0, 10).map((pid) => {
    const stat = readProcStat(pid);
    return stat ? `${pid} (${stat.comm}, state ${stat.state})` : String(pid);
  });
  return shown.join(', ') + (pids.length > shown.length ? ` and ${pids.length - shown.length} more` : '');
}

/** Polls until no process is left, starting fast (a kill usually settles in a few ms). */
export async function waitUntilEmpty(ref: CgroupRef, deadline: number): Promise<boolean> {
  for (let delay = 0.25; ; delay = Math.min(delay * 2, 20)) {
    if (!isPopulated(ref)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(delay, Math.max(0, deadline - Date.now())));
  }
}

export function killTimeout(ref: CgroupRef, seconds: number): CgroupError {
  return new CgroupError(
    'CGROUP_KILL_TIMEOUT',
    ref.path,
    `processes in cgroup ${ref.path} did not die within ${seconds}s: ${describeRemaining(ref)}`,
  );
}
