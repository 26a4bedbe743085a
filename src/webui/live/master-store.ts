// What the master last said (/state and /metrics/snapshot, fetched
// together), and whether it still answers. A failed poll keeps the last
// answer: the pages go on showing it under a banner that says since when
// the master has not answered.
import { FetchError, fetchJson } from '../api/fetch-json.js';
import type { MasterState, Metrics } from '../api/master-state.js';
import { pollInterval } from './poll-interval.js';
import { Poller } from './poller.js';

export interface MasterSnapshot {
  state: MasterState | undefined;
  metrics: Metrics | undefined;
  /** When the master last answered (ms since the epoch). */
  updatedAt: number | undefined;
  /** Set while polls fail: the last failure, and when failing began. */
  failure: { message: string; since: number; retryAt: number } | undefined;
}

type Listener = (snapshot: MasterSnapshot) => void;

export class MasterStore {
  snapshot: MasterSnapshot = { state: undefined, metrics: undefined, updatedAt: undefined, failure: undefined };
  private readonly listeners = new Set<Listener>();
  private readonly poller: Poller;

  /** How long the last successful poll took (ms). */
  private lastPollMs = 0;

  /** Polls every `intervalMs`, slower when polls are slow (see pollInterval). */
  constructor(intervalMs = 2000, maxDelayMs = 30_000) {
    const onSchedule = (at: number): void => {
      if (this.snapshot.failure) this.set({ ...this.snapshot, failure: { ...this.snapshot.failure, retryAt: at } });
    };
    const interval = (): number => pollInterval(intervalMs, this.lastPollMs);
    this.poller = new Poller(() => this.poll(), { intervalMs: interval, maxDelayMs, onSchedule });
  }

  start(): this {
    this.poller.start();
    return this;
  }

  retryNow(): void {
    this.poller.now();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async poll(): Promise<void> {
    const started = performance.now();
    try {
      const [state, metrics] = await Promise.all([fetchJson<MasterState>('/state'), fetchJson<Metrics>('/metrics/snapshot')]);
      this.lastPollMs = performance.now() - started;
      this.set({ state, metrics, updatedAt: Date.now(), failure: undefined });
    } catch (error) {
      const message = error instanceof FetchError ? `${new URL(error.url, window.location.href).pathname}: ${error.message}` : String(error);
      const since = this.snapshot.failure?.since ?? Date.now();
      // retryAt is set when the poller, slowed down by this throw, schedules the next attempt.
      this.set({ ...this.snapshot, failure: { message, since, retryAt: 0 } });
      throw error;
    }
  }

  private set(snapshot: MasterSnapshot): void {
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener(snapshot);
  }
}
