// The agent's garbage collector (Mesos's GarbageCollector): directories
// scheduled for removal at a time, removed one at a time when it comes, or
// sooner when the disk watch prunes. A directory can be unscheduled (a new
// task of its framework or executor); one being removed is waited for.
// Only paths inside the roots are taken, and a path that holds a live
// task's directory is never removed, whoever scheduled it.
import { sep } from 'node:path';

import { messageOf } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import { GcRemovalError } from './errors.js';
import { removeTree } from './remove-tree.js';

export interface GarbageCollectorOptions {
  /** Nothing outside these directories (strictly inside) is ever removed. */
  roots: readonly string[];
  /** Whether `path` is, or holds, a directory a live task still uses. */
  inUse(path: string): boolean;
  logger: Logger;
  now?: () => number;
  /** Removes a tree; false when there was nothing there. */
  remove?: (path: string) => Promise<boolean>;
}

interface Scheduled {
  path: string;
  dueAt: number;
  /** Set once its removal has started; settles when it is over. */
  removing?: Promise<void>;
}

/** setTimeout's longest delay; a later due time is looked at again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class GarbageCollector {
  private readonly scheduled = new Map<string, Scheduled>();
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  succeeded = 0;
  failed = 0;
  private readonly now: () => number;
  private readonly remove: (path: string) => Promise<boolean>;

  constructor(private readonly options: GarbageCollectorOptions) {
    this.now = options.now ?? Date.now;
    this.remove = options.remove ?? removeTree;
  }

  get pending(): number {
    return this.scheduled.size;
  }

  /** When `path` is due, if it is scheduled. */
  dueAt(path: string): number | undefined {
    return this.scheduled.get(path)?.dueAt;
  }

  isInsideRoots(path: string): boolean {
    return this.options.roots.some((root) => path.startsWith(root.endsWith(sep) ? root : root + sep));
  }

  /** Schedules (or reschedules) `path` for removal at `dueAt`; false for a path outside the roots or one a live task uses. */
  schedule(path: string, dueAt: number): boolean {
    if (!this.isInsideRoots(path)) {
      this.options.logger.error({ path }, 'refusing to schedule a path outside the sandbox and checkpoint trees for removal');
      return false;
    }
    if (this.options.inUse(path)) {
      // A task started meanwhile (its RUN_TASK came while an earlier task's end was being let go).
      this.options.logger.info({ path }, 'not scheduled for garbage collection: a live task uses it');
      return false;
    }
    const entry = this.scheduled.get(path);
    if (entry?.removing) return true; // on its way out already
    this.scheduled.set(path, { path, dueAt });
    this.options.logger.info({ path, in_ms: Math.max(0, dueAt - this.now()) }, 'scheduled for garbage collection');
    this.arm();
    return true;
  }

  /** Takes `path` off the schedule: true if it was on it and is still there; a removal under way is waited for (false). */
  async unschedule(path: string): Promise<boolean> {
    const entry = this.scheduled.get(path);
    if (!entry) return false;
    if (entry.removing) {
      await entry.removing;
      return false;
    }
    this.scheduled.delete(path);
    this.options.logger.info({ path }, 'unscheduled from garbage collection');
    this.arm();
    return true;
  }

  /** Removes now everything due within `windowMs` (the disk watch). */
  prune(windowMs: number): Promise<void> {
    const now = this.now();
    return this.removeEntries([...this.scheduled.values()].filter((e) => e.dueAt - now <= windowMs));
  }

  /** Stops the timer; a removal under way finishes. */
  close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    return this.queue;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed) return;
    let first: number | undefined;
    for (const entry of this.scheduled.values()) if (!entry.removing && (first === undefined || entry.dueAt < first)) first = entry.dueAt;
    if (first === undefined) return;
    this.timer = setTimeout(() => void this.removeDue(), Math.min(MAX_TIMER_MS, Math.max(0, first - this.now())));
    this.timer.unref();
  }

  private removeDue(): Promise<void> {
    const now = this.now();
    return this.removeEntries([...this.scheduled.values()].filter((e) => e.dueAt <= now));
  }

  /** One removal at a time; a directory before the directory above it. */
  private removeEntries(entries: Scheduled[]): Promise<void> {
    const fresh = entries.filter((e) => !e.removing).sort((a, b) => a.dueAt - b.dueAt || b.path.length - a.path.length);
    for (const entry of fresh) {
      const removal = this.queue.then(() => this.removeOne(entry));
      entry.removing = removal;
      this.queue = removal;
    }
    this.arm();
    return this.queue;
  }

  private async removeOne(entry: Scheduled): Promise<void> {
    const { path } = entry;
    const { logger } = this.options;
    try {
      if (this.options.inUse(path)) throw new GcRemovalError(path, 'LIVE', `cannot remove ${path}: a live task uses it`);
      if (await this.remove(path)) {
        this.succeeded++;
        logger.info({ path }, 'garbage collected');
      } else {
        logger.info({ path }, 'nothing to garbage collect: the path is gone already');
      }
    } catch (error) {
      this.failed++;
      logger.warn({ path, reason: error instanceof GcRemovalError ? error.reason : undefined, err: messageOf(error) }, 'garbage collection of a path failed');
    } finally {
      if (this.scheduled.get(path) === entry) this.scheduled.delete(path);
    }
  }
}
