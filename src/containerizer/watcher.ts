// One watcher for every container a process waits on without having
// launched it (another CLI's, or a restarted agent's). Idle, it costs
// nothing per container but an inotify watch on its run directory, where the
// launcher rewrites state.json and the stub writes termination.json (and
// limitation.json: the stub watches the memory cgroup itself); a single slow
// sweep covers what inotify cannot see: a launcher or monitor killed before
// it could write, and a limit only polling finds (an isolator whose
// limitation() the stub does not watch for). An end is finished as any other
// (finish-ended.ts: cleanup under the container's lock, then the record read
// again).
import type { FSWatcher } from 'node:fs';
import { watch } from 'node:fs';

import { deferred, quietly } from '../launcher/deferred.js';
import type { Deferred } from '../launcher/deferred.js';
import type { ProcessIdentity } from '../proc/identity.js';
import type { ContainerizerContext } from './context.js';
import { finishEnded } from './finish-ended.js';
import { checkLimitations } from './limitations.js';
import { DEFAULTS } from './options.js';
import type { ContainerState } from './run-dir/records.js';
import type { Termination } from './termination.js';
import type { RecordView } from './view.js';
import { aliveNow, isFinal, requireRecord, viewContainer } from './view.js';

export const SWEEP_MS = 5000;

interface Entry {
  id: string;
  /** The record as last read: which processes the sweep checks. */
  state: ContainerState;
  watcher: FSWatcher | undefined;
  end: Deferred<Termination>;
  scheduled: boolean;
  finishing: boolean;
  /** Isolators with a limitation() the stub does not watch for: the sweep polls them. */
  polledLimits: boolean;
  limited: boolean;
}

/** What the stub watches needs no polling; a record that does not say (an older launch) gets all polled. */
function watchedByStub(state: ContainerState): ReadonlySet<string> {
  return new Set(state.watchedByStub ?? []);
}

/** The process whose death no file change may announce: the launcher while it launches, then the monitor (or init). */
function watchedProcess(state: ContainerState): ProcessIdentity | undefined {
  return state.phase === 'launching' ? state.launcher : (state.monitor ?? state.init);
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

  /** Resolves when the container has ended and what it left is cleaned up. Torn or unknown ids reject at once. */
  wait(id: string): Promise<Termination> {
    const known = this.entries.get(id);
    if (known) return known.end.promise;
    let watcher: FSWatcher | undefined;
    let view: RecordView;
    try {
      // Watch first, then look: an end between the two is not missed.
      watcher = this.watchEntry(id);
      view = requireRecord(viewContainer(this.ctx, id));
    } catch (error) {
      watcher?.close();
      return Promise.reject(error);
    }
    const entry: Entry = {
      id,
      state: view.state,
      watcher,
      end: deferred<Termination>(),
      scheduled: false,
      finishing: false,
      polledLimits: this.ctx.isolatorsNamed(view.state.isolation).some((i) => i.limitation && !watchedByStub(view.state).has(i.name)),
      limited: false,
    };
    quietly(entry.end.promise);
    watcher?.on('change', () => this.schedule(entry));
    watcher?.on('error', () => this.schedule(entry));
    this.entries.set(id, entry);
    this.startSweeping();
    this.schedule(entry);
    return entry.end.promise;
  }

  close(): void {
    for (const entry of this.entries.values()) entry.watcher?.close();
    this.entries.clear();
    this.stopSweeping();
  }

  private watchEntry(id: string): FSWatcher | undefined {
    try {
      return watch(this.ctx.runDir.dir(id), { persistent: true });
    } catch {
      return undefined; // no directory: the look says why
    }
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
    try {
      const view = requireRecord(viewContainer(this.ctx, entry.id));
      entry.state = view.state;
      if (!isFinal(view)) return;
    } catch (error) {
      this.forget(entry);
      entry.end.reject(error);
      return;
    }
    entry.finishing = true;
    this.forget(entry);
    try {
      entry.end.resolve(await finishEnded(this.ctx, entry.id));
    } catch (error) {
      entry.end.reject(error);
    }
  }

  /** The slow path: a launcher or monitor gone without a word, limits only polling finds. */
  private sweep(): void {
    for (const entry of this.entries.values()) {
      const { state } = entry;
      if (!aliveNow(this.ctx, state, watchedProcess(state))) {
        this.schedule(entry);
        continue;
      }
      if (entry.polledLimits && !entry.limited && state.phase === 'running' && checkLimitations(this.ctx, state, watchedByStub(state))) {
        // As for a container we follow: a limit hit ends it; its end reports the limit.
        entry.limited = true;
        if (state.cgroup) void this.ctx.host.cgroups.kill(state.cgroup, this.ctx.host.now() + DEFAULTS.destroyTimeoutSeconds * 1000).catch(() => undefined);
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
