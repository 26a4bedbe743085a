// linux.resources to the container's cgroups (create and update): memory,
// cpu, cpuset, pids, v1 device rules, block I/O weight, hugepages, and
// "unified" v2 files. A value that cannot be applied (its controller is
// not mounted, the kernel refuses it) is an error naming the file.
import type { OciResources } from '../schema/resources.js';
import { OciUnsupportedError } from '../errors.js';
import { deviceWrites } from './device-rules.js';
import type { CgroupLayout } from './layout.js';
import { dirFor, v2Dir } from './layout.js';
import { hasControl, writeControl } from './write-control.js';

export interface ApplyContext {
  file: string;
  warn(message: string): void;
}

function controllerDir(layout: CgroupLayout, controller: string, ctx: ApplyContext, field: string): string {
  const dir = dirFor(layout, controller);
  if (!dir) throw new OciUnsupportedError(ctx.file, `${field}: the ${controller} cgroup controller is not available on this host`);
  return dir.path;
}

const limit = (n: number): string => (n < 0 ? '-1' : BigInt(n).toString());

function applyMemory(layout: CgroupLayout, memory: NonNullable<OciResources['memory']>, ctx: ApplyContext): void {
  const dir = controllerDir(layout, 'memory', ctx, 'linux.resources.memory');
  const writes: Array<() => void> = [];
  if (memory.limit !== undefined) writes.push(() => writeControl(dir, 'memory.limit_in_bytes', limit(memory.limit!)));
  if (memory.swap !== undefined) {
    if (!hasControl(dir, 'memory.memsw.limit_in_bytes')) {
      if (memory.swap !== 0 && memory.swap !== memory.limit) throw new OciUnsupportedError(ctx.file, 'linux.resources.memory.swap: this kernel has no swap accounting (memory.memsw.*)');
    } else {
      writes.push(() => writeControl(dir, 'memory.memsw.limit_in_bytes', limit(memory.swap!)));
    }
  }
  // limit <= memsw must hold after each write: if one order fails, the other one works
  try {
    for (const write of writes) write();
  } catch (error) {
    if (writes.length < 2) throw error;
    for (const write of writes.reverse()) write();
  }
  if (memory.reservation !== undefined) writeControl(dir, 'memory.soft_limit_in_bytes', limit(memory.reservation));
  if (memory.swappiness !== undefined) writeControl(dir, 'memory.swappiness', memory.swappiness);
  if (memory.disableOOMKiller) writeControl(dir, 'memory.oom_control', 1);
  if (memory.kernel !== undefined || memory.kernelTCP !== undefined) ctx.warn('linux.resources.memory.kernel and kernelTCP are deprecated and not applied');
}

function applyCpu(layout: CgroupLayout, cpu: NonNullable<OciResources['cpu']>, ctx: ApplyContext): void {
  if (cpu.shares !== undefined || cpu.quota !== undefined || cpu.period !== undefined || cpu.realtimeRuntime !== undefined || cpu.realtimePeriod !== undefined) {
    const dir = controllerDir(layout, 'cpu', ctx, 'linux.resources.cpu');
    if (cpu.shares !== undefined) writeControl(dir, 'cpu.shares', cpu.shares);
    if (cpu.period !== undefined) writeControl(dir, 'cpu.cfs_period_us', cpu.period);
    if (cpu.quota !== undefined) writeControl(dir, 'cpu.cfs_quota_us', cpu.quota);
    if (cpu.realtimePeriod !== undefined) writeControl(dir, 'cpu.rt_period_us', cpu.realtimePeriod);
    if (cpu.realtimeRuntime !== undefined) writeControl(dir, 'cpu.rt_runtime_us', cpu.realtimeRuntime);
  }
  if (cpu.cpus !== undefined || cpu.mems !== undefined) {
    const dir = controllerDir(layout, 'cpuset', ctx, 'linux.resources.cpu.cpus/mems');
    if (cpu.cpus) writeControl(dir, 'cpuset.cpus', cpu.cpus);
    if (cpu.mems) writeControl(dir, 'cpuset.mems', cpu.mems);
  }
  if (cpu.idle !== undefined || cpu.burst !== undefined) throw new OciUnsupportedError(ctx.file, 'linux.resources.cpu.idle and burst are not supported yet');
}

function applyHugepages(layout: CgroupLayout, limits: NonNullable<OciResources['hugepageLimits']>, ctx: ApplyContext): void {
  const dir = dirFor(layout, 'hugetlb');
  if (!dir) throw new OciUnsupportedError(ctx.file, 'linux.resources.hugepageLimits: the hugetlb cgroup controller is not available on this host');
  for (const { pageSize, limit: bytes } of limits) {
    if (!/^\d+[KMG]B$/.test(pageSize)) throw new OciUnsupportedError(ctx.file, `linux.resources.hugepageLimits: page size '${pageSize}' is not like 2MB`);
    writeControl(dir.path, dir.version === 1 ? `hugetlb.${pageSize}.limit_in_bytes` : `hugetlb.${pageSize}.max`, bytes);
  }
}

export function applyResources(layout: CgroupLayout, resources: OciResources, ctx: ApplyContext): void {
  if (resources.memory) applyMemory(layout, resources.memory, ctx);
  if (resources.cpu) applyCpu(layout, resources.cpu, ctx);
  if (resources.pids) writeControl(controllerDir(layout, 'pids', ctx, 'linux.resources.pids'), 'pids.max', resources.pids.limit > 0 ? resources.pids.limit : 'max');
  if (resources.blockIO?.weight !== undefined) writeControl(controllerDir(layout, 'blkio', ctx, 'linux.resources.blockIO'), 'blkio.weight', resources.blockIO.weight);
  if (resources.hugepageLimits?.length) applyHugepages(layout, resources.hugepageLimits, ctx);
  if (resources.network && (resources.network.classID !== undefined || resources.network.priorities?.length)) {
    if (resources.network.classID !== undefined) writeControl(controllerDir(layout, 'net_cls', ctx, 'linux.resources.network.classID'), 'net_cls.classid', resources.network.classID);
    for (const p of resources.network.priorities ?? []) writeControl(controllerDir(layout, 'net_prio', ctx, 'linux.resources.network.priorities'), 'net_prio.ifpriomap', `${p.name} ${p.priority}`);
  }
  if (resources.devices?.length) {
    const devices = dirFor(layout, 'devices');
    if (devices?.version === 1) for (const [file, value] of deviceWrites(resources.devices, ctx.file)) writeControl(devices.path, file, value);
    else ctx.warn('linux.resources.devices: device rules are not applied on cgroup v2 (they need an eBPF program)');
  }
  for (const [file, value] of Object.entries(resources.unified ?? {})) {
    const dir = v2Dir(layout);
    if (!dir || file.includes('/') || file.startsWith('.')) throw new OciUnsupportedError(ctx.file, `linux.resources.unified: cannot write '${file}' (no cgroup v2, or not a file name)`);
    writeControl(dir.path, file, value);
  }
}
