// update [--resources F|-] [runc's resource flags] ID: LinuxResources to a
// running container's cgroups (what CRI's UpdateContainerResources sends).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { UsageError } from '../../cli/usage-error.js';
import { ContainerizerError, errnoCode, messageOf } from '../../errors.js';
import { lockEntry } from '../../containerizer/run-dir/entry-lock.js';
import { linuxHost } from '../../host/linux-host.js';
import { isAlive } from '../../proc/identity.js';
import type { CgroupLayout } from '../cgroups/layout.js';
import { readHierarchies, v2Dir } from '../cgroups/layout.js';
import { applyResources } from '../cgroups/resources.js';
import { OciConfigError } from '../errors.js';
import type { LogTarget } from '../log.js';
import { writeLog } from '../log.js';
import type { OciResources } from '../schema/resources.js';
import { ResourcesSchema } from '../schema/resources.js';
import { parseDocument } from '../schema/parse.js';
import { containerDir, readStateRecord, recordedCgroups } from '../state-record.js';
import { one, parseFlags } from '../cli/flags.js';

const NUMBER_FLAGS = ['memory', 'memory-reservation', 'memory-swap', 'kernel-memory', 'kernel-memory-tcp', 'cpu-shares', 'cpu-quota', 'cpu-period', 'cpu-rt-period', 'cpu-rt-runtime', 'pids-limit', 'blkio-weight'] as const;
const FLAGS = [
  { name: 'resources', short: 'r', takesValue: true },
  { name: 'cpuset-cpus', takesValue: true },
  { name: 'cpuset-mems', takesValue: true },
  { name: 'l3-cache-schema', takesValue: true },
  { name: 'mem-bw-schema', takesValue: true },
  ...NUMBER_FLAGS.map((name) => ({ name, takesValue: true })),
];

/** "512m", "1g", "1024": bytes; -1: unlimited. */
export function parseSize(text: string, flag: string): number {
  const match = /^(-1|\d+)([kmgt]?)b?$/i.exec(text.trim());
  if (!match) throw new UsageError(`update: --${flag} '${text}' is not a number or a size like 512m`);
  const unit = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[match[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return Number(match[1]) * unit;
}

function resourcesFromFile(path: string): OciResources {
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (cause) {
    throw new OciConfigError(path === '-' ? 'stdin' : path, `cannot read it: ${messageOf(cause)}`, { cause });
  }
  return parseDocument(ResourcesSchema, text, path === '-' ? 'resources on stdin' : path);
}

function withFlags(base: OciResources, parsed: ReturnType<typeof parseFlags>): OciResources {
  const r: OciResources = { ...base };
  const size = (name: string): number | undefined => {
    const v = one(parsed, name);
    return v === undefined ? undefined : parseSize(v, name);
  };
  const memory = { ...r.memory };
  const cpu = { ...r.cpu };
  for (const [flag, set] of [
    ['memory', (n: number) => (memory.limit = n)],
    ['memory-reservation', (n: number) => (memory.reservation = n)],
    ['memory-swap', (n: number) => (memory.swap = n)],
    ['cpu-shares', (n: number) => (cpu.shares = n)],
    ['cpu-quota', (n: number) => (cpu.quota = n)],
    ['cpu-period', (n: number) => (cpu.period = n)],
    ['cpu-rt-period', (n: number) => (cpu.realtimePeriod = n)],
    ['cpu-rt-runtime', (n: number) => (cpu.realtimeRuntime = n)],
    ['pids-limit', (n: number) => (r.pids = { limit: n })],
    ['blkio-weight', (n: number) => (r.blockIO = { ...r.blockIO, weight: n })],
  ] as const) {
    const n = size(flag);
    if (n !== undefined) set(n);
  }
  if (one(parsed, 'cpuset-cpus')) cpu.cpus = one(parsed, 'cpuset-cpus');
  if (one(parsed, 'cpuset-mems')) cpu.mems = one(parsed, 'cpuset-mems');
  if (Object.keys(memory).length) r.memory = memory;
  if (Object.keys(cpu).length) r.cpu = cpu;
  return r;
}

function layoutOf(text: string): CgroupLayout {
  const hierarchies = readHierarchies();
  const dirs = recordedCgroups(text).flatMap((path) => {
    const h = hierarchies.find((m) => path.startsWith(`${m.mountPoint}/`));
    return h ? [{ version: h.version, mountPoint: h.mountPoint, controllers: h.version === 2 ? readControllers(path) : h.controllers, path }] : [];
  });
  return { cgroupsPath: '', dirs };
}

function readControllers(dir: string): string[] {
  try {
    return readFileSync(`${dir}/cgroup.controllers`, 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {
    return [];
  }
}

function initAlive(root: string, id: string): boolean {
  try {
    const text = readFileSync(`${containerDir(root, id)}/init`, 'utf8');
    const pid = Number(/^pid=(\d+)$/m.exec(text)?.[1]);
    const startTime = Number(/^start_time=(\d+)$/m.exec(text)?.[1]);
    return isAlive({ pid, startTime });
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false;
    throw error;
  }
}

export async function update(root: string, raw: readonly string[], log: LogTarget): Promise<void> {
  const parsed = parseFlags('update', raw, FLAGS);
  const [id, ...extra] = parsed.positional;
  if (!id || extra.length) throw new UsageError('update: give exactly one container id');
  if (one(parsed, 'l3-cache-schema') || one(parsed, 'mem-bw-schema')) throw new UsageError('update: Intel RDT is not supported');
  const given = one(parsed, 'resources');
  const resources = withFlags(given ? resourcesFromFile(given) : {}, parsed);
  // the container's lock, as every verb of the front-end takes it (flock on its directory)
  const lock = await lockEntry(linuxHost, containerDir(root, id), id, Date.now() + 30_000, () => 'another call');
  if (!lock) throw new ContainerizerError('UNKNOWN_CONTAINER', `container ${id} does not exist`);
  try {
    const record = readStateRecord(root, id);
    if (record === undefined) throw new ContainerizerError('UNKNOWN_CONTAINER', `container ${id} does not exist`);
    if (!initAlive(root, id)) throw new ContainerizerError('CONTAINER_NOT_RUNNING', `container not running: ${id} has stopped`);
    const layout = layoutOf(record);
    if (!v2Dir(layout) && !layout.dirs.length) throw new ContainerizerError('CGROUP_UNAVAILABLE', `container ${id} has no cgroups recorded`);
    applyResources(layout, resources, { file: given ?? 'update', warn: (m) => writeLog(log, 'warning', m), hasControl: (d, f) => existsSync(join(d, f)) });
  } finally {
    lock.release();
  }
}
