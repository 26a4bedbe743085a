// cgroups/mem: a container's memory limit from its mem (MB): memory.limit_in_bytes
// and memory.soft_limit_in_bytes on v1, memory.max and memory.high on v2. The
// kernel's OOM kills in the cgroup are the limitation: the container is
// destroyed and its end says so, with the limit and the usage.
import type { CgroupRef } from '../../cgroups/cgroup.js';
import type { Isolator, Limitation } from '../isolator.js';
import { memoryBytes } from './limits.js';
import type { CgroupSettings, ResourceCgroupState } from './resource-cgroup.js';
import { readControl, writeControl } from './resource-cgroup.js';
import { createResourceIsolator } from './resource-isolator.js';

function applyMemory(cgroup: CgroupRef, mem: number | undefined): void {
  if (mem === undefined) return;
  const bytes = memoryBytes(mem);
  if (cgroup.version === 1) {
    // Raising the limit must come before the soft limit above the old one.
    writeControl(cgroup, 'memory.limit_in_bytes', bytes);
    writeControl(cgroup, 'memory.soft_limit_in_bytes', bytes);
  } else {
    writeControl(cgroup, 'memory.max', bytes);
    writeControl(cgroup, 'memory.high', bytes);
  }
}

/** OOM kills so far: v1 memory.oom_control's oom_kill (Linux 4.13+), v2 memory.events. */
export function oomKills(cgroup: CgroupRef): number {
  const text = readControl(cgroup, cgroup.version === 1 ? 'memory.oom_control' : 'memory.events') ?? '';
  return Number(/^oom_kill (\d+)$/m.exec(text)?.[1] ?? 0);
}

const mb = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;

export function memoryLimitation(cgroup: CgroupRef): Limitation | undefined {
  if (oomKills(cgroup) === 0) return undefined;
  const v1 = cgroup.version === 1;
  const limit = Number(readControl(cgroup, v1 ? 'memory.limit_in_bytes' : 'memory.max'));
  const peak = Number(readControl(cgroup, v1 ? 'memory.max_usage_in_bytes' : 'memory.peak') ?? NaN);
  const used = Number.isFinite(peak) ? `, maximum used ${mb(peak)}` : '';
  return { resource: 'mem', message: `Memory limit exceeded: requested ${mb(limit)}${used}; the kernel killed a process of the container (out of memory)` };
}

export function createMemIsolator(settings: CgroupSettings): Isolator {
  const isolator = createResourceIsolator('cgroups/mem', 'memory', settings, (cgroup, resources) => applyMemory(cgroup, resources.mem));
  return {
    ...isolator,
    limitation(container) {
      const state = container.state as ResourceCgroupState | undefined;
      return state ? memoryLimitation(state.cgroup) : undefined;
    },
  };
}
