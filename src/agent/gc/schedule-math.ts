// The garbage collector's arithmetic, as Mesos's agent does it: a directory
// is removed gc_delay after its mtime (the agent touches it when its
// container ends), and under disk pressure everything older than an age
// that shrinks as the disk fills is removed at once.

/** When a directory last modified at `mtimeMs` is due (at once if gc_delay has passed since). */
export function removalTime(gcDelayMs: number, mtimeMs: number, nowMs: number): number {
  return nowMs + Math.max(0, gcDelayMs - (nowMs - mtimeMs));
}

/** The oldest a directory may get at this disk usage (0 to 1): gc_delay × max(0, 1 − headroom − usage). */
export function maxAllowedAge(gcDelayMs: number, headroom: number, usage: number): number {
  return gcDelayMs * Math.max(0, 1 - headroom - usage);
}

/**
 * Prune whatever is due within this window: a directory scheduled gc_delay
 * after it was touched is due within gc_delay − maxAge exactly when it is at
 * least maxAge old.
 */
export function pruneWindow(gcDelayMs: number, maxAgeMs: number): number {
  return gcDelayMs - maxAgeMs;
}

/** The used fraction of a file system, as Mesos counts it: (blocks − free) / blocks. */
export function diskUsage(stats: { blocks: number; bfree: number }): number {
  return stats.blocks > 0 ? (stats.blocks - stats.bfree) / stats.blocks : 0;
}
