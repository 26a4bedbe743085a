// usage: what a container uses now, with Mesos's ResourceStatistics field
// names. From its cgroups where the kernel accounts there (v2 cpu.stat is
// always there; memory and cpuacct where those controllers are), with /proc
// as the fallback: the sum over its live processes (their own CPU time plus
// that of the children they reaped, so exited processes still count).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { CgroupRef } from '../cgroups/cgroup.js';
import { listProcesses } from '../cgroups/cgroup.js';
import { ContainerizerError } from '../errors.js';
import type { ContainerizerContext } from './context.js';
import { requireRecord, viewContainer } from './view.js';

export interface ResourceStatistics {
  /** Seconds since the epoch. */
  timestamp: number;
  processes: number;
  threads: number;
  cpus_user_time_secs: number;
  cpus_system_time_secs: number;
  mem_rss_bytes: number;
  /** Only where a memory cgroup accounts it. */
  mem_cache_bytes?: number;
  mem_total_bytes?: number;
  /** Not a Mesos field: the peak the memory cgroup saw. */
  mem_peak_bytes?: number;
  /** Which source each figure came from: "cgroup v2", "cgroup v1", "/proc". */
  sources: Record<string, string>;
}

const CLOCK_TICKS = 100; // USER_HZ: /proc reports CPU times in these on every Linux architecture
const PAGE_SIZE = 4096;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function keyValues(text: string | undefined): Map<string, number> {
  return new Map((text ?? '').trim().split('\n').filter(Boolean).map((line) => {
    const [key = '', value = '0'] = line.split(/\s+/);
    return [key, Number(value)] as const;
  }));
}

interface ProcFigures {
  threads: number;
  userSeconds: number;
  systemSeconds: number;
  rssBytes: number;
}

function fromProc(pids: number[]): ProcFigures {
  const figures: ProcFigures = { threads: 0, userSeconds: 0, systemSeconds: 0, rssBytes: 0 };
  for (const pid of pids) {
    const stat = read(`/proc/${pid}/stat`);
    const statm = read(`/proc/${pid}/statm`);
    if (!stat || !statm) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3: utime 14, stime 15, cutime 16, cstime 17, num_threads 20
    figures.userSeconds += (Number(fields[11]) + Number(fields[13])) / CLOCK_TICKS;
    figures.systemSeconds += (Number(fields[12]) + Number(fields[14])) / CLOCK_TICKS;
    figures.threads += Number(fields[17]);
    figures.rssBytes += Number(statm.split(' ')[1]) * PAGE_SIZE;
  }
  return figures;
}

/** Resource cgroups of the container, the one it was launched in first. */
function cgroupsOf(state: { cgroup?: CgroupRef; resourceCgroups?: CgroupRef[] }): CgroupRef[] {
  return [...(state.cgroup ? [state.cgroup] : []), ...(state.resourceCgroups ?? [])];
}

export function containerUsage(ctx: ContainerizerContext, id: string): ResourceStatistics {
  const { state, phase } = requireRecord(viewContainer(ctx, id));
  if (phase !== 'running') throw new ContainerizerError('CONTAINER_NOT_RUNNING', `container '${id}' is not running (${phase}): it uses nothing`);
  const cgroups = cgroupsOf(state);
  const pids = state.cgroup ? listProcesses(state.cgroup) : [];
  const proc = fromProc(pids);
  const sources: Record<string, string> = { processes: 'cgroup', threads: '/proc', cpu: '/proc', memory: '/proc' };
  const stats: ResourceStatistics = {
    timestamp: Date.now() / 1000,
    processes: pids.length,
    threads: proc.threads,
    cpus_user_time_secs: proc.userSeconds,
    cpus_system_time_secs: proc.systemSeconds,
    mem_rss_bytes: proc.rssBytes,
    sources,
  };

  for (const cg of cgroups) {
    if (cg.version === 2) {
      const cpu = keyValues(read(join(cg.path, 'cpu.stat')));
      if (cpu.has('user_usec')) {
        stats.cpus_user_time_secs = cpu.get('user_usec')! / 1e6;
        stats.cpus_system_time_secs = cpu.get('system_usec')! / 1e6;
        sources.cpu = 'cgroup v2';
      }
      const threads = read(join(cg.path, 'cgroup.threads'));
      if (threads !== undefined) {
        stats.threads = threads.split('\n').filter(Boolean).length;
        sources.threads = 'cgroup v2';
      }
      const current = read(join(cg.path, 'memory.current'));
      if (current !== undefined) {
        const memory = keyValues(read(join(cg.path, 'memory.stat')));
        stats.mem_total_bytes = Number(current);
        stats.mem_rss_bytes = memory.get('anon') ?? stats.mem_rss_bytes;
        stats.mem_cache_bytes = memory.get('file') ?? 0;
        const peak = read(join(cg.path, 'memory.peak'));
        if (peak !== undefined) stats.mem_peak_bytes = Number(peak);
        sources.memory = 'cgroup v2';
      }
    } else {
      const cpuacct = keyValues(read(join(cg.path, 'cpuacct.stat')));
      if (cpuacct.has('user')) {
        stats.cpus_user_time_secs = cpuacct.get('user')! / CLOCK_TICKS;
        stats.cpus_system_time_secs = cpuacct.get('system')! / CLOCK_TICKS;
        sources.cpu = 'cgroup v1';
      }
      const usage = read(join(cg.path, 'memory.usage_in_bytes'));
      if (usage !== undefined) {
        const memory = keyValues(read(join(cg.path, 'memory.stat')));
        stats.mem_total_bytes = Number(usage);
        stats.mem_rss_bytes = memory.get('total_rss') ?? memory.get('rss') ?? stats.mem_rss_bytes;
        stats.mem_cache_bytes = memory.get('total_cache') ?? memory.get('cache') ?? 0;
        stats.mem_peak_bytes = Number(read(join(cg.path, 'memory.max_usage_in_bytes')) ?? 0);
        sources.memory = 'cgroup v1';
      }
    }
  }
  return stats;
}
