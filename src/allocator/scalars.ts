// Scalar arithmetic for fairness: how much of each scalar resource (cpus,
// mem, disk) a set of resources holds, over every role.
import type { Resource } from '../mesos/resources/resource.js';

export type ScalarTotals = Record<string, number>;

/** Mesos's minimum offer: an offer without this much CPU or memory is not worth making. */
export const MIN_CPUS = 0.01;
export const MIN_MEM_MB = 32;

export function scalarTotals(resources: readonly Resource[]): ScalarTotals {
  const totals: ScalarTotals = {};
  for (const r of resources) if (r.type === 'SCALAR') totals[r.name] = (totals[r.name] ?? 0) + (r.scalar?.value ?? 0);
  return totals;
}

export function addScalars(a: ScalarTotals, b: ScalarTotals): ScalarTotals {
  const sum: ScalarTotals = { ...a };
  for (const [name, amount] of Object.entries(b)) sum[name] = (sum[name] ?? 0) + amount;
  return sum;
}

/** The largest share of any scalar resource of the cluster. */
export function dominantShare(held: ScalarTotals, cluster: ScalarTotals): number {
  let share = 0;
  for (const [name, amount] of Object.entries(held)) if (cluster[name]) share = Math.max(share, amount / cluster[name]!);
  return share;
}

export function isAllocatable(resources: readonly Resource[]): boolean {
  const totals = scalarTotals(resources);
  return (totals.cpus ?? 0) >= MIN_CPUS || (totals.mem ?? 0) >= MIN_MEM_MB;
}
