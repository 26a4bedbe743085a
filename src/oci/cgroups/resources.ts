// linux.resources to the writes that apply them (create and update):
// memory, cpu, cpuset, pids, block I/O weight, hugepages, network classes,
// v1 device rules and "unified" v2 files, each to the hierarchy that holds
// its controller, in that hierarchy's own terms (memory.limit_in_bytes on
// v1, memory.max on v2). A value that cannot be applied (its controller is
// not there, v2 has no such knob) is an error naming the field.
import { OciUnsupportedError } from '../errors.js';
import type { OciResources } from '../schema/resources.js';
import { deviceWrites } from './device-rules.js';
import type { CgroupDir, CgroupLayout } from './layout.js';
import { dirFor, v2Dir } from './layout.js';
import { writeControl } from './write-control.js';

export interface ApplyContext {
  file: string;
  warn(message: string): void;
  /** Whether a control file exists (memory.memsw.* needs swap accounting). */
  hasControl(dir: string, file: string): boolean;
}

export interface ControlWrite {
  dir: CgroupDir;
  file: string;
  value: string;
  /** Writes of one group (memory limit and swap) are retried in reverse order if one fails. */
  group?: string;
}

const v1Limit = (n: number): string => (n < 0 ? '-1' : BigInt(n).toString());
const v2Limit = (n: number): string => (n < 0 ? 'max' : BigInt(n).toString());

/** cpu.shares (2..262144) to cpu.weight (1..10000), as runc and the kernel docs map them. */
export function sharesToWeight(shares: number): number {
  return shares === 0 ? 100 : Math.floor(1 + ((Math.max(2, Math.min(shares, 262144)) - 2) * 9999) / 262142);
}

/** blkio.weight (10..1000) to io.weight (1..10000). */
export function blkioToIoWeight(weight: number): number {
  return Math.floor(1 + ((Math.max(10, Math.min(weight, 1000)) - 10) * 9999) / 990);
}

class Writes {
  readonly list: ControlWrite[] = [];

  constructor(
    readonly layout: CgroupLayout,
    readonly ctx: ApplyContext,
  ) {}

  dir(controller: string, field: string): CgroupDir {
    const dir = dirFor(this.layout, controller);
    if (!dir) throw new OciUnsupportedError(this.ctx.file, `${field}: the ${controller} cgroup controller is not available on this host`);
    return dir;
  }

  add(dir: CgroupDir, file: string, value: string | number, group?: string): void {
    this.list.push({ dir, file, value: String(value), ...(group && { group }) });
  }

  unsupported(field: string, why: string): never {
    throw new OciUnsupportedError(this.ctx.file, `${field}: ${why}`);
  }
}

function memoryWrites(w: Writes, memory: NonNullable<OciResources['memory']>): void {
  const dir = w.dir('memory', 'linux.resources.memory');
  if (dir.version === 1) {
    if (memory.limit !== undefined) w.add(dir, 'memory.limit_in_bytes', v1Limit(memory.limit), 'memory');
    if (memory.swap !== undefined) {
      if (w.ctx.hasControl(dir.path, 'memory.memsw.limit_in_bytes')) w.add(dir, 'memory.memsw.limit_in_bytes', v1Limit(memory.swap), 'memory');
      else if (memory.swap !== 0 && memory.swap !== memory.limit) w.unsupported('linux.resources.memory.swap', 'this kernel has no swap accounting (memory.memsw.*)');
    }
    if (memory.reservation !== undefined) w.add(dir, 'memory.soft_limit_in_bytes', v1Limit(memory.reservation));
    if (memory.swappiness !== undefined) w.add(dir, 'memory.swappiness', memory.swappiness);
    if (memory.disableOOMKiller) w.add(dir, 'memory.oom_control', 1);
  } else {
    if (memory.limit !== undefined) w.add(dir, 'memory.max', v2Limit(memory.limit));
    // OCI's swap is memory + swap; v2's memory.swap.max is the swap alone
    if (memory.swap !== undefined) w.add(dir, 'memory.swap.max', memory.swap < 0 ? 'max' : v2Limit(Math.max(0, memory.swap - (memory.limit ?? 0))));
    if (memory.reservation !== undefined) w.add(dir, 'memory.low', v2Limit(memory.reservation));
    if (memory.swappiness !== undefined) w.unsupported('linux.resources.memory.swappiness', 'cgroup v2 has no swappiness');
    if (memory.disableOOMKiller) w.unsupported('linux.resources.memory.disableOOMKiller', 'cgroup v2 cannot disable the OOM killer');
  }
  if (memory.kernel !== undefined || memory.kernelTCP !== undefined) w.ctx.warn('linux.resources.memory.kernel and kernelTCP are deprecated and not applied');
}

function cpuWrites(w: Writes, cpu: NonNullable<OciResources['cpu']>): void {
  if (cpu.shares !== undefined || cpu.quota !== undefined || cpu.period !== undefined || cpu.realtimeRuntime !== undefined || cpu.realtimePeriod !== undefined) {
    const dir = w.dir('cpu', 'linux.resources.cpu');
    if (dir.version === 1) {
      if (cpu.shares !== undefined) w.add(dir, 'cpu.shares', cpu.shares);
      if (cpu.period !== undefined) w.add(dir, 'cpu.cfs_period_us', cpu.period);
      if (cpu.quota !== undefined) w.add(dir, 'cpu.cfs_quota_us', cpu.quota);
      if (cpu.realtimePeriod !== undefined) w.add(dir, 'cpu.rt_period_us', cpu.realtimePeriod);
      if (cpu.realtimeRuntime !== undefined) w.add(dir, 'cpu.rt_runtime_us', cpu.realtimeRuntime);
    } else {
      if (cpu.shares !== undefined) w.add(dir, 'cpu.weight', sharesToWeight(cpu.shares));
      if (cpu.quota !== undefined || cpu.period !== undefined) w.add(dir, 'cpu.max', `${cpu.quota !== undefined && cpu.quota > 0 ? cpu.quota : 'max'} ${cpu.period ?? 100000}`);
      if (cpu.realtimeRuntime !== undefined || cpu.realtimePeriod !== undefined) w.unsupported('linux.resources.cpu.realtime*', 'cgroup v2 has no realtime cpu knobs');
    }
  }
  if (cpu.cpus || cpu.mems) {
    const dir = w.dir('cpuset', 'linux.resources.cpu.cpus/mems');
    if (cpu.cpus) w.add(dir, 'cpuset.cpus', cpu.cpus);
    if (cpu.mems) w.add(dir, 'cpuset.mems', cpu.mems);
  }
  if (cpu.idle !== undefined || cpu.burst !== undefined) w.unsupported('linux.resources.cpu.idle/burst', 'not supported yet');
}

function otherWrites(w: Writes, r: OciResources): void {
  if (r.pids) w.add(w.dir('pids', 'linux.resources.pids'), 'pids.max', r.pids.limit > 0 ? r.pids.limit : 'max');
  if (r.blockIO?.weight !== undefined) {
    const dir = w.dir(dirFor(w.layout, 'blkio') ? 'blkio' : 'io', 'linux.resources.blockIO.weight');
    if (dir.version === 1) w.add(dir, 'blkio.weight', r.blockIO.weight);
    else w.add(dir, 'io.weight', `default ${blkioToIoWeight(r.blockIO.weight)}`);
  }
  for (const { pageSize, limit } of r.hugepageLimits ?? []) {
    if (!/^\d+[KMG]B$/.test(pageSize)) w.unsupported('linux.resources.hugepageLimits', `page size '${pageSize}' is not like 2MB`);
    const dir = w.dir('hugetlb', 'linux.resources.hugepageLimits');
    w.add(dir, dir.version === 1 ? `hugetlb.${pageSize}.limit_in_bytes` : `hugetlb.${pageSize}.max`, limit);
  }
  if (r.network?.classID !== undefined) w.add(w.dir('net_cls', 'linux.resources.network.classID'), 'net_cls.classid', r.network.classID);
  for (const p of r.network?.priorities ?? []) w.add(w.dir('net_prio', 'linux.resources.network.priorities'), 'net_prio.ifpriomap', `${p.name} ${p.priority}`);
  if (r.devices?.length) {
    const devices = dirFor(w.layout, 'devices');
    if (devices?.version === 1) for (const [file, value] of deviceWrites(r.devices, w.ctx.file)) w.add(devices, file, value);
    else w.ctx.warn('linux.resources.devices: device rules are not applied on cgroup v2 (they need an eBPF program)');
  }
  for (const [file, value] of Object.entries(r.unified ?? {})) {
    const dir = v2Dir(w.layout);
    if (!dir || file.includes('/') || file.startsWith('.')) w.unsupported('linux.resources.unified', `cannot write '${file}' (no cgroup v2, or not a file name)`);
    w.add(dir, file, value);
  }
}

/** The writes, in order, that apply `resources` to the layout's cgroups. */
export function resourceWrites(layout: CgroupLayout, resources: OciResources, ctx: ApplyContext): ControlWrite[] {
  const w = new Writes(layout, ctx);
  if (resources.memory) memoryWrites(w, resources.memory);
  if (resources.cpu) cpuWrites(w, resources.cpu);
  otherWrites(w, resources);
  return w.list;
}

/** The v2 controllers the writes need, to enable in the cgroups above the container's. */
export function v2ControllersNeeded(writes: readonly ControlWrite[]): string[] {
  return [...new Set(writes.filter((x) => x.dir.version === 2 && !x.file.startsWith('cgroup.')).map((x) => x.file.split('.')[0]!))];
}

export function applyResources(layout: CgroupLayout, resources: OciResources, ctx: ApplyContext): void {
  const writes = resourceWrites(layout, resources, ctx);
  // v1 needs memory.limit <= memory.memsw.limit after each write: if one order fails, the other works
  const memory = writes.filter((x) => x.group === 'memory');
  try {
    for (const x of memory) writeControl(x.dir.path, x.file, x.value);
  } catch (error) {
    if (memory.length < 2) throw error;
    for (const x of [...memory].reverse()) writeControl(x.dir.path, x.file, x.value);
  }
  for (const x of writes) if (x.group !== 'memory') writeControl(x.dir.path, x.file, x.value);
}
