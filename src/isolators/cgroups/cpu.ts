// cgroups/cpu: a container's share of CPU time from its cpus (cpu.shares on
// v1, cpu.weight on v2), and with --cgroups_enable_cfs a hard cap
// (cpu.cfs_quota_us / cpu.max).
import type { CgroupRef } from '../../cgroups/cgroup.js';
import type { Isolator } from '../isolator.js';
import { CFS_PERIOD_US, cfsQuotaUs, cpuShares, cpuWeight } from './limits.js';
import type { CgroupSettings } from './resource-cgroup.js';
import { writeControl } from './resource-cgroup.js';
import { createResourceIsolator } from './resource-isolator.js';

function applyCpus(cgroup: CgroupRef, cpus: number | undefined, enableCfs: boolean): void {
  if (cpus === undefined) return;
  const shares = cpuShares(cpus);
  if (cgroup.version === 1) {
    writeControl(cgroup, 'cpu.shares', shares);
    if (enableCfs) {
      writeControl(cgroup, 'cpu.cfs_period_us', CFS_PERIOD_US);
      writeControl(cgroup, 'cpu.cfs_quota_us', cfsQuotaUs(cpus));
    }
  } else {
    writeControl(cgroup, 'cpu.weight', cpuWeight(shares));
    writeControl(cgroup, 'cpu.max', enableCfs ? `${cfsQuotaUs(cpus)} ${CFS_PERIOD_US}` : `max ${CFS_PERIOD_US}`);
  }
}

export function createCpuIsolator(settings: CgroupSettings): Isolator {
  return createResourceIsolator('cgroups/cpu', 'cpu', settings, (cgroup, resources) => applyCpus(cgroup, resources.cpus, settings.cgroupsEnableCfs));
}
