// cgroups/mem: a container's memory limit from its mem (MB): memory.limit_in_bytes
// and memory.soft_limit_in_bytes on v1, memory.max and memory.high on v2. The
// kernel's OOM kills in the cgroup are the limitation: the init stub watches
// the cgroup (--oom-cgroup), records the limitation and ends the container.
import type { CgroupRef } from '../../cgroups/cgroup.js';
import type { Isolator, Limitation } from '../isolator.js';
import type { LaunchInfo } from '../launch-info.js';
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

/** v1 says "no limit" with ~2^63 bytes, v2 with "max"; nobody sets 8 PiB. */
const UNLIMITED_ABOVE = 2n ** 53n;

function bytesIn(text: string | undefined): bigint | undefined {
  return text !== undefined && /^\d+$/.test(text) ? BigInt(text) : undefined;
}

const mb = (bytes: bigint): string => `${Math.round(Number(bytes) / (1024 * 1024))} MB`;

/**
 * The init stub composes the same message in C (native-bindings/init-stub/
 * limitation.c) when it sees the kill first: keep the two identical.
 */
export function memoryLimitation(cgroup: CgroupRef): Limitation | undefined {
  if (oomKills(cgroup) === 0) return undefined;
  const v1 = cgroup.version === 1;
  const limit = bytesIn(readControl(cgroup, v1 ? 'memory.limit_in_bytes' : 'memory.max'));
  const peak = bytesIn(readControl(cgroup, v1 ? 'memory.max_usage_in_bytes' : 'memory.peak'));
  const requested = limit !== undefined && limit <= UNLIMITED_ABOVE ? `requested ${mb(limit)}` : 'no limit set';
  const used = peak !== undefined ? `, maximum used ${mb(peak)}` : '';
  return { resource: 'mem', message: `Memory limit exceeded: ${requested}${used}; the kernel killed a process of the container (out of memory)` };
}

export function createMemIsolator(settings: CgroupSettings): Isolator {
  const isolator = createResourceIsolator('cgroups/mem', 'memory', settings, (cgroup, resources) => applyMemory(cgroup, resources.mem));
  return {
    ...isolator,
    prepare(container) {
      const info = isolator.prepare!(container) as LaunchInfo;
      return { ...info, oomCgroup: (info.state as ResourceCgroupState).cgroup };
    },
    limitation(container) {
      const state = container.state as ResourceCgroupState | undefined;
      return state ? memoryLimitation(state.cgroup) : undefined;
    },
  };
}
