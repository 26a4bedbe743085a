// The agent's resources: what --resources gives, and for cpus, mem, disk and
// ports what it does not give, detected as Mesos does (memory and disk keep
// some for the system: 1 GiB, or half when there is less than 2 GiB; disk
// 5 GiB, or half below 10 GiB).
import { statfsSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';

import type { Resource } from '../mesos/resources/index.js';
import { normalizeResources, rangesResource, scalarResource } from '../mesos/resources/index.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

function keepSome(total: number, reserve: number): number {
  return total >= 2 * reserve ? total - reserve : total / 2;
}

export function detectedResources(workDir: string): Resource[] {
  const disk = statfsSync(workDir);
  return [
    scalarResource('cpus', availableParallelism()),
    scalarResource('mem', Math.floor(keepSome(totalmem(), GiB) / MiB)),
    scalarResource('disk', Math.floor(keepSome(disk.blocks * disk.bsize, 5 * GiB) / MiB)),
    rangesResource('ports', [{ begin: 31000, end: 32000 }]),
  ];
}

/** The flag's resources, plus each detected one whose name the flag does not mention. */
export function agentResources(fromFlag: Resource[], detected: Resource[]): Resource[] {
  const named = new Set(fromFlag.map((r) => r.name));
  return normalizeResources([...fromFlag, ...detected.filter((r) => !named.has(r.name))]);
}
