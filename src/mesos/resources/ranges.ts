// Sets of integer ranges (ports), inclusive at both ends, kept sorted and
// coalesced: [1-3],[4-6] is [1-6].
import type { Range } from './resource.js';

export function coalesce(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.begin - b.begin);
  const out: Range[] = [];
  for (const range of sorted) {
    const last = out[out.length - 1];
    if (last && range.begin <= last.end + 1) last.end = Math.max(last.end, range.end);
    else out.push({ begin: range.begin, end: range.end });
  }
  return out;
}

export function unionRanges(a: readonly Range[], b: readonly Range[]): Range[] {
  return coalesce([...a, ...b]);
}

export function subtractRanges(a: readonly Range[], b: readonly Range[]): Range[] {
  let left = coalesce(a);
  for (const cut of coalesce(b)) {
    left = left.flatMap((range) => {
      if (cut.end < range.begin || cut.begin > range.end) return [range];
      const pieces: Range[] = [];
      if (cut.begin > range.begin) pieces.push({ begin: range.begin, end: cut.begin - 1 });
      if (cut.end < range.end) pieces.push({ begin: cut.end + 1, end: range.end });
      return pieces;
    });
  }
  return left;
}

/** Every number of `inner` is in `outer`. */
export function rangesContain(outer: readonly Range[], inner: readonly Range[]): boolean {
  const merged = coalesce(outer);
  return coalesce(inner).every((range) => merged.some((o) => o.begin <= range.begin && range.end <= o.end));
}

export function rangesSize(ranges: readonly Range[]): number {
  return coalesce(ranges).reduce((sum, r) => sum + r.end - r.begin + 1, 0);
}
