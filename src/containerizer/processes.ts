// ps: the container's processes, from its cgroup (every descendant is in it),
// or, were the cgroup gone, from its pid namespace.
import { listProcesses } from '../cgroups/cgroup.js';
import type { ProcessInfo } from '../proc/processes.js';
import { allPids, describeProcess, namespaceInode } from '../proc/processes.js';
import type { ContainerizerContext } from './context.js';

export function containerProcesses(ctx: ContainerizerContext, id: string): ProcessInfo[] {
  const state = ctx.runDir.readState(id);
  let pids = state.cgroup ? listProcesses(state.cgroup) : [];
  if (pids.length === 0 && state.newPidNamespace && state.pidNamespace) {
    pids = allPids().filter((pid) => namespaceInode(pid, 'pid') === state.pidNamespace);
  }
  // In the container's own pid order (its init first): host pids wrap at
  // pid_max, so a newer process can have a smaller host pid.
  return [...new Set(pids)]
    .map(describeProcess)
    .filter((p): p is ProcessInfo => p !== undefined && p.state !== 'Z')
    .sort((a, b) => a.nsPid - b.nsPid || a.pid - b.pid);
}
