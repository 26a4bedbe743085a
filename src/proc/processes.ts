// Listing and describing processes from /proc.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';

import { readProcStat } from './stat.js';

export function allPids(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (Number.isInteger(pid) && pid > 0) pids.push(pid);
  }
  return pids;
}

/**
 * The children of every thread of `pid`, from /proc/<pid>/task/<tid>/children:
 * only that process's files are read, not every process's (a host may run
 * thousands). Without that file (a kernel built without it), from the ppid
 * of every process.
 */
export function childrenOf(pid: number): number[] {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const tid of threads) {
    try {
      children.push(...readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1').split(' ').filter(Boolean).map(Number));
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT' && tid === String(pid) && !existsSync(`/proc/${pid}/task/${tid}/children`) && existsSync(`/proc/${pid}`)) {
        return allPids().filter((p) => readProcStat(p)?.ppid === pid);
      }
      // the thread ended meanwhile
    }
  }
  return children;
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
