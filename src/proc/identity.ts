// A process named by pid and start time, so that a pid the kernel has since
// given to another process is never mistaken for ours.
import { readProcStat } from './stat.js';

export interface ProcessIdentity {
  pid: number;
  startTime: number;
}

/** True while the process exists and has not exited (a zombie counts as gone). */
export function isAlive(identity: ProcessIdentity): boolean {
  const stat = readProcStat(identity.pid);
  return stat !== undefined && stat.startTime === identity.startTime && stat.state !== 'Z' && stat.state !== 'X';
}

export function identify(pid: number): ProcessIdentity | undefined {
  const stat = readProcStat(pid);
  return stat && { pid, startTime: stat.startTime };
}
