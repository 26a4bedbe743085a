// Mesos's disk watch: every --disk_watch_interval, the usage of the file
// system that holds --work_dir sets the oldest a collectable directory may
// get (gc_delay × (1 − headroom − usage)), and everything scheduled that is
// older goes at once.
import { statfsSync } from 'node:fs';

import { messageOf } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { GarbageCollector } from './garbage-collector.js';
import { diskUsage, maxAllowedAge, pruneWindow } from './schedule-math.js';

export interface DiskWatchOptions {
  workDir: string;
  intervalMs: number;
  gcDelayMs: number;
  headroom: number;
  collector: GarbageCollector;
  logger: Logger;
}

export class DiskWatch {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: DiskWatchOptions) {}

  /** The first look is one interval from now, as in Mesos. */
  start(): void {
    this.next();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** One look at the disk; resolves once what it pruned is removed. */
  async check(): Promise<void> {
    const { workDir, gcDelayMs, headroom, collector, logger } = this.options;
    let usage: number;
    try {
      usage = diskUsage(statfsSync(workDir));
    } catch (error) {
      logger.error({ work_dir: workDir, err: messageOf(error) }, 'cannot read the disk usage of the work dir');
      return;
    }
    const maxAgeMs = maxAllowedAge(gcDelayMs, headroom, usage);
    logger.info({ usage: Number((usage * 100).toFixed(2)), max_age_ms: maxAgeMs }, 'disk usage of the work dir');
    await collector.prune(pruneWindow(gcDelayMs, maxAgeMs));
  }

  private next(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.check().finally(() => this.next());
    }, this.options.intervalMs);
    this.timer.unref();
  }
}
