// Resource arithmetic as Mesos does it: resources of one name, type and role
// add up (scalars sum, ranges and sets unite) and subtract; empty ones vanish.
// Scalars are kept to three decimals, as Mesos's fixed-point values are.
import { coalesce, rangesContain, subtractRanges, unionRanges } from './ranges.js';
import type { Resource } from './resource.js';
import { roleOf } from './resource.js';

export const roundScalar = (value: number): number => Math.round(value * 1000) / 1000;

const keyOf = (r: Resource): string => `${r.name}\u0000${roleOf(r)}\u0000${r.type}`;

function clone(r: Resource): Resource {
  const copy: Resource = { name: r.name, type: r.type, ...(r.role !== undefined && { role: r.role }) };
  if (r.type === 'SCALAR') copy.scalar = { value: roundScalar(r.scalar?.value ?? 0) };
  if (r.type === 'RANGES') copy.ranges = { range: coalesce(r.ranges?.range ?? []) };
  if (r.type === 'SET') copy.set = { item: [...new Set(r.set?.item ?? [])] };
  return copy;
}

export function isEmptyResource(r: Resource): boolean {
  if (r.type === 'SCALAR') return roundScalar(r.scalar?.value ?? 0) <= 0;
  if (r.type === 'RANGES') return (r.ranges?.range.length ?? 0) === 0;
  return (r.set?.item.length ?? 0) === 0;
}

function combine(into: Resource, r: Resource): void {
  if (into.type === 'SCALAR') into.scalar = { value: roundScalar(into.scalar!.value + (r.scalar?.value ?? 0)) };
  else if (into.type === 'RANGES') into.ranges = { range: unionRanges(into.ranges!.range, r.ranges?.range ?? []) };
  else into.set = { item: [...new Set([...into.set!.item, ...(r.set?.item ?? [])])] };
}

function remove(from: Resource, r: Resource): void {
  if (from.type === 'SCALAR') from.scalar = { value: roundScalar(from.scalar!.value - (r.scalar?.value ?? 0)) };
  else if (from.type === 'RANGES') from.ranges = { range: subtractRanges(from.ranges!.range, r.ranges?.range ?? []) };
  else {
    const gone = new Set(r.set?.item ?? []);
    from.set = { item: from.set!.item.filter((item) => !gone.has(item)) };
  }
}

/** One entry per name, role and type, in first-seen order, none empty. */
export function normalizeResources(resources: readonly Resource[]): Resource[] {
  return addResources([], resources);
}

export function addResources(a: readonly Resource[], b: readonly Resource[]): Resource[] {
  const out: Resource[] = [];
  const byKey = new Map<string, Resource>();
  for (const r of [...a, ...b]) {
    const existing = byKey.get(keyOf(r));
    if (existing) combine(existing, r);
    else {
      const copy = clone(r);
      byKey.set(keyOf(r), copy);
      out.push(copy);
    }
  }
  return out.filter((r) => !isEmptyResource(r));
}

/** What is left of `a` after taking `b` (what `a` does not have is ignored; scalars stop at zero). */
export function subtractResources(a: readonly Resource[], b: readonly Resource[]): Resource[] {
  const out = normalizeResources(a);
  for (const r of normalizeResources(b)) {
    const existing = out.find((o) => keyOf(o) === keyOf(r));
    if (existing) remove(existing, r);
  }
  return out.filter((r) => !isEmptyResource(r));
}

/** `a` holds at least everything in `b`. */
export function containsResources(a: readonly Resource[], b: readonly Resource[]): boolean {
  const have = normalizeResources(a);
  return normalizeResources(b).every((want) => {
    const own = have.find((o) => keyOf(o) === keyOf(want));
    if (!own) return false;
    if (want.type === 'SCALAR') return own.scalar!.value >= want.scalar!.value;
    if (want.type === 'RANGES') return rangesContain(own.ranges!.range, want.ranges!.range);
    const items = new Set(own.set!.item);
    return want.set!.item.every((item) => items.has(item));
  });
}

export function resourcesEqual(a: readonly Resource[], b: readonly Resource[]): boolean {
  return containsResources(a, b) && containsResources(b, a);
}

/** The total of a scalar resource over all roles (0 when there is none). */
export function scalarOf(resources: readonly Resource[], name: string): number {
  return roundScalar(resources.filter((r) => r.name === name && r.type === 'SCALAR').reduce((sum, r) => sum + (r.scalar?.value ?? 0), 0));
}
