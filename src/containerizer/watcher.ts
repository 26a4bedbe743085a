// One watcher for every container a process waits on without having
// launched it (another CLI's, or a restarted agent's). Idle, it costs
// nothing per container but an inotify watch on its run directory, where the
// stub writes termination.json (and limitation.json); a single slow sweep
// covers what inotify cannot see: a monitor killed before it could write the
// record, and a limit hit by a container whose isolators need polling.
import type { FSWatcher } from 'node:fs';
import { watch } from 'node:fs';

import { killCgroup } from '../cgroups/kill.js';
import { deferred, quietly } from '../launcher/deferred.js';
import type { Deferred } from '../launcher/deferred.js';
import { isAlive } from '../proc/identity.js';
import type { ContainerizerContext } from './context.js';
import { checkLimitations } from './limitations.js';
import { DEFAULTS } from './options.js';
import type { ContainerState } from './state.js';
import { terminationOf, viewContainer } from './status.js';
import { teardown } from './teardown.js';
import type { Termination } from './termination.js';

export const SWEEP_MS = 5000;

interface Entry {
  id: string;
  state: ContainerState;
  watcher: FSWatcher | undefined;
  end: Deferred<Termination>;
  scheduled: boolean;
  finishing: boolean;
  polledLimits: boolean;
  limited: boolean;
}

export class ContainerWatcher {
  private readonly entries = new Map<string, Entry>();
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ctx: ContainerizerContext,
    private readonly sweepMs = SWEEP_MS,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Resolves when the container has ended and what it left is cleaned up. */
  wait(id: string): Promise<Termination> {
    const known = this.entries.get(id);
    if (known) return known.end.promise;
    // Watch first, then look: an end between the two is not missed.
    const entry: Entry = {
      id,
      state: undefined as unknown as ContainerState,
      watcher: undefined,
      end: deferred<Termination>(),
      scheduled: false,
      finishing: false,
      polledLimits: false,
      limited: false,
    };
    quietly(entry.end.promise);
    try {
      entry.watcher = watch(this.ctx.runDir.dir(id), { persistent: true }, () => this.schedule(entry));
      entry.watcher.on('error', () => this.schedule(entry));
    } catch {
      // No directory: the look below says why.
    }
    this.entries.set(id, entry);
    try {
      const view = viewContainer(this.ctx.runDir, id);
      entry.state = view.state;
      entry.polledLimits = this.ctx.isolatorsNamed(view.state.isolation).some((i) => i.limitation);
    } catch (error) {
      this.forget(entry);
      entry.end.reject(error);
      return entry.end.promise;
    }
    this.startSweeping();
    this.schedule(entry);
    return entry.end.promise;
  }

  close(): void {
    for (const entry of this.entries.values()) entry.watcher?.close();
    this.entries.clear();
    this.stopSweeping();
  }

  private schedule(entry: Entry): void {
    if (entry.scheduled || entry.finishing) return;
    entry.scheduled = true;
    setImmediate(() => {
      entry.scheduled = false;
      void this.look(entry);
    });
  }

  private async look(entry: Entry): Promise<void> {
    if (entry.finishing) return;
    let view;
    try {
      view = viewContainer(this.ctx.runDir, entry.id);
    } catch (error) {
      this.forget(entry);
      entry.end.reject(error);
      return;
    }
    if (view.phase !== 'exited') return;
    entry.finishing = true;
    this.forget(entry);
    try {
      await teardown(this.ctx, view.state, Date.now() + DEFAULTS.destroyTimeoutSeconds * 1000);
      entry.end.resolve(terminationOf(viewContainer(this.ctx.runDir, entry.id))!);
    } catch (error) {
      entry.end.reject(error);
    }
  }

  /** The slow path: monitors gone without a record, limits only polling finds. */
  private sweep(): void {
    for (const entry of this.entries.values()) {
      const { monitor, init } = entry.state;
      const watched = monitor ?? init;
      if (watched && !isAlive(watched)) {
        this.schedule(entry);
        continue;
      }
      if (entry.polledLimits && !entry.limited && checkLimitations(this.ctx, entry.state)) {
        // As for a container we follow: a limit hit ends it; its end reports the limit.
        entry.limited = true;
        if (entry.state.cgroup) void killCgroup(entry.state.cgroup, Date.now() + DEFAULTS.destroyTimeoutSeconds * 1000).catch(() => undefined);
      }
    }
  }

  private forget(entry: Entry): void {
    entry.watcher?.close();
    this.entries.delete(entry.id);
    if (this.entries.size === 0) this.stopSweeping();
  }

  private startSweeping(): void {
    if (this.sweepTimer) return;
    this.sweepTimer = setInterval(() => this.sweep(), this.sweepMs);
    this.sweepTimer.unref();
  }

  private stopSweeping(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
  }
}
