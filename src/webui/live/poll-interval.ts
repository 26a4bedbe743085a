// How long a page waits between two polls of the master after a success:
// the base interval, or ten times as long as the last poll took when that
// is more (a large /state over a slow link), never more than `capMs` (or the
// base, when the base is larger). A page then keeps the master and the link
// busy at most a tenth of the time, and still refreshes within `capMs`.
export function pollInterval(baseMs: number, lastPollMs: number, capMs = 10_000): number {
  const ceiling = Math.max(baseMs, capMs);
  return Math.min(Math.max(baseMs, lastPollMs * 10), ceiling);
}
