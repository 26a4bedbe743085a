// ps: the container's processes: those in its cgroups, the descendants of
// its init (without a pid namespace they may have left its cgroups), or,
// were the cgroups gone, the members of its pid namespace.
import type { ProcessInfo } from '../proc/processes.js';
import { describeProcess, namespaceInode } from '../proc/processes.js';
import type { ContainerizerContext } from './context.js';
import { cgroupsByName, containerCgroups } from './container-cgroups.js';
import { descendantsOf } from './descendants.js';
import { aliveNow, viewContainer } from './view.js';

function pidsOf(ctx: ContainerizerContext, id: string): number[] {
  const view = viewContainer(ctx, id);
  if (view.phase === 'torn') return cgroupsByName(ctx, ctx.cgroupsRoot, id).flatMap((cg) => ctx.host.cgroups.processes(cg));
  const { state } = view;
  const pids = containerCgroups(ctx, state).flatMap((cg) => ctx.host.cgroups.processes(cg));
  const init = aliveNow(ctx, state, state.init) ? state.init : undefined;
  if (init && !state.newPidNamespace) pids.push(init.pid, ...descendantsOf(ctx.host, init.pid).map((p) => p.pid));
  if (pids.length === 0 && state.newPidNamespace && state.pidNamespace) {
    pids.push(...ctx.host.pids().filter((pid) => namespaceInode(pid, 'pid') === state.pidNamespace));
  }
  return pids;
}

export function containerProcesses(ctx: ContainerizerContext, id: string): ProcessInfo[] {
  // In the container's own pid order (its init first): host pids wrap at
  // pid_max, so a newer process can have a smaller host pid.
  return [...new Set(pidsOf(ctx, id))]
    .map(describeProcess)
    .filter((p): p is ProcessInfo => p !== undefined && p.state !== 'Z')
    .sort((a, b) => a.nsPid - b.nsPid || a.pid - b.pid);
}
