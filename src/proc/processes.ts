// Listing and describing processes from /proc.
import { readFileSync, readdirSync, statSync } from 'node:fs';

import { readProcStat } from './stat.js';

export function allPids(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (Number.isInteger(pid) && pid > 0) pids.push(pid);
  }
  return pids;
}

/** The inode of /proc/<pid>/ns/<kind>, or undefined when the process is gone. */
export function namespaceInode(pid: number | 'self', kind: 'pid' | 'mnt' | 'pid_for_children'): number | undefined {
  try {
    return statSync(`/proc/${pid}/ns/${kind}`).ino;
  } catch {
    return undefined;
  }
}

export interface ProcessInfo {
  /** The pid in the host's pid namespace. */
  pid: number;
  /** The pid in the process's own (innermost) pid namespace. */
  nsPid: number;
  ppid: number;
  state: string;
  command: string[];
  comm: string;
}

function nsPidOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    const line = status.split('\n').find((l) => l.startsWith('NSpid:'));
    const last = line?.trim().split(/\s+/).pop();
    return last === undefined ? pid : Number(last);
  } catch {
    return pid;
  }
}

function commandOf(pid: number): string[] {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw.length === 0 ? [] : raw.replace(/\0$/, '').split('\0');
  } catch {
    return [];
  }
}

export function describeProcess(pid: number): ProcessInfo | undefined {
  const stat = readProcStat(pid);
  if (!stat) return undefined;
  return { pid, nsPid: nsPidOf(pid), ppid: stat.ppid, state: stat.state, command: commandOf(pid), comm: stat.comm };
}
