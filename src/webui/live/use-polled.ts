// Something fetched again and again (an agent's state, a directory): the
// last value stays while fetches fail, with the failure beside it.
import { useEffect, useState } from 'preact/hooks';

import { Poller } from './poller.js';

export interface Polled<T> {
  value: T | undefined;
  /** When `value` was fetched (ms since the epoch). */
  updatedAt: number | undefined;
  error: string | undefined;
}

export function usePolled<T>(load: () => Promise<T>, intervalMs: number, deps: unknown[]): Polled<T> {
  const [polled, setPolled] = useState<Polled<T>>({ value: undefined, updatedAt: undefined, error: undefined });
  useEffect(() => {
    let alive = true;
    setPolled({ value: undefined, updatedAt: undefined, error: undefined });
    const poller = new Poller(
      async () => {
        try {
          const value = await load();
          if (alive) setPolled({ value, updatedAt: Date.now(), error: undefined });
        } catch (error) {
          if (alive) setPolled((last) => ({ ...last, error: error instanceof Error ? error.message : String(error) }));
          throw error;
        }
      },
      { intervalMs, maxDelayMs: 30_000 },
    ).start();
    return () => {
      alive = false;
      poller.stop();
    };
  }, deps);
  return polled;
}
