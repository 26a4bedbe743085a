// Truncated exponential backoff with jitter, as the v1 API documentation
// recommends for re-subscribing (up to 15 s) and the reconciliation algorithm
// uses between rounds.
export class Backoff {
  private next: number;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
  ) {
    this.next = initialMs;
  }

  /** The next wait: doubled each time up to the maximum, with up to 20 % jitter. */
  delay(): number {
    const base = this.next;
    this.next = Math.min(this.next * 2, this.maxMs);
    return Math.round(base * (0.8 + Math.random() * 0.2));
  }

  reset(): void {
    this.next = this.initialMs;
  }
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
