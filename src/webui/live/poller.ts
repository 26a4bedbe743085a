// Runs a task now and again: every `intervalMs` while it succeeds; after a
// failure, twice as long each time up to `maxDelayMs`, and back to the
// interval at the first success. Nothing runs while the page is hidden; it
// runs at once when the page is shown again.

export interface PollerOptions {
  /** The delay after a success; a function is asked each time. */
  intervalMs: number | (() => number);
  maxDelayMs: number;
  /** Told when the next attempt is due (ms since the epoch). */
  onSchedule?: (at: number) => void;
}

export class Poller {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private stopped = false;
  private delayMs: number;
  /** When the next attempt is due (ms since the epoch). */
  nextAt = 0;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly options: PollerOptions,
  ) {
    this.delayMs = this.interval();
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  start(): this {
    void this.tick();
    return this;
  }

  /** Runs now (a manual retry), unless a run is under way. */
  now(): void {
    clearTimeout(this.timer);
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  private readonly onVisibility = (): void => {
    if (!document.hidden && !this.running) this.now();
  };

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    if (document.hidden) return this.schedule(this.interval());
    this.running = true;
    try {
      await this.task();
      this.delayMs = this.interval();
    } catch {
      // The task reports its own failure; here it only slows down.
      this.delayMs = Math.min(this.delayMs * 2, this.options.maxDelayMs);
    } finally {
      this.running = false;
    }
    this.schedule(this.delayMs);
  }

  private interval(): number {
    const { intervalMs } = this.options;
    return typeof intervalMs === 'number' ? intervalMs : intervalMs();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.nextAt = Date.now() + ms;
    this.options.onSchedule?.(this.nextAt);
    this.timer = setTimeout(() => void this.tick(), ms);
  }
}
