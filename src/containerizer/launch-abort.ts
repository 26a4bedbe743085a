// How a launch learns that it must stop: its caller's AbortSignal, or a
// destroy from any process, which leaves destroyed.json in the entry. Every
// step boundary looks; during a step that may take long (a download), the
// entry is watched (inotify), so that it stops at once.
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';

import type { ContainerizerContext } from './context.js';
import { LaunchAbortedError } from './errors.js';

export class LaunchAbort {
  private readonly controller = new AbortController();
  private by: 'destroy' | 'signal' | undefined;
  private watcher: FSWatcher | undefined;
  /** A destroy request counts once the entry is ours (before, it would be another's). */
  private claimed = false;
  private readonly onCallerAbort = (): void => this.fire('signal');

  constructor(
    private readonly ctx: ContainerizerContext,
    private readonly containerId: string,
    private readonly callerSignal: AbortSignal | undefined,
  ) {
    callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
    if (callerSignal?.aborted) this.fire('signal');
  }

  /** Aborts with the launch: pass it to steps that can be interrupted (downloads). */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The entry is ours: from now on a destroy request in it stops the launch. */
  claimedEntry(): void {
    this.claimed = true;
  }

  /** For a step that may take long: a destroy request aborts `signal` at once. */
  watchEntry(): void {
    if (this.watcher) return;
    try {
      this.watcher = watch(this.ctx.runDir.dir(this.containerId), { persistent: false }, (_event, name) => {
        if (name === 'destroyed.json') this.look();
      });
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      // Without a watch, the step boundaries still look.
    }
  }

  private look(): void {
    if (this.claimed && !this.by && this.ctx.runDir.destroyRequested(this.containerId)) this.fire('destroy');
  }

  private fire(by: 'destroy' | 'signal'): void {
    if (this.by) return;
    this.by = by;
    this.controller.abort(new LaunchAbortedError(this.containerId, by));
  }

  /** Who stopped the launch, if anyone did. */
  get reason(): 'destroy' | 'signal' | undefined {
    this.look();
    return this.by;
  }

  /** At a step boundary: throws LAUNCH_ABORTED when the launch must stop. */
  check(): void {
    const by = this.reason;
    if (by) throw new LaunchAbortedError(this.containerId, by);
  }

  unwatchEntry(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  close(): void {
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
    this.unwatchEntry();
  }
}
