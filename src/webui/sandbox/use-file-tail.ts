// A TailReader polled every second (slower after failures) for as long as
// the component shows the file; the text read so far stays when a read fails.
import { useEffect, useState } from 'preact/hooks';

import { read } from '../api/agent-api.js';
import { Poller } from '../live/poller.js';
import type { TailView } from './tail-reader.js';
import { TailReader } from './tail-reader.js';

export interface FileTail {
  view: TailView | undefined;
  error: string | undefined;
  /** When the last read succeeded (ms since the epoch). */
  updatedAt: number | undefined;
}

export function useFileTail(agentId: string, path: string, intervalMs = 1000): FileTail {
  const [tail, setTail] = useState<FileTail>({ view: undefined, error: undefined, updatedAt: undefined });
  useEffect(() => {
    let alive = true;
    setTail({ view: undefined, error: undefined, updatedAt: undefined });
    const reader = new TailReader((offset, length) => read(agentId, path, offset, length));
    const poller = new Poller(
      async () => {
        try {
          await reader.poll();
          if (alive) setTail({ view: reader.current, error: undefined, updatedAt: Date.now() });
        } catch (error) {
          if (alive) setTail((last) => ({ ...last, error: error instanceof Error ? error.message : String(error) }));
          throw error;
        }
      },
      { intervalMs, maxDelayMs: 15_000 },
    ).start();
    return () => {
      alive = false;
      poller.stop();
    };
  }, [agentId, path, intervalMs]);
  return tail;
}
