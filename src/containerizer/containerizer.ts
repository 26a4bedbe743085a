// The containerizer as a library: what the CLI and the agent both drive.
import type { Writable } from 'node:stream';

import type { Resources } from '../isolators/isolator.js';
import type { ProcessInfo } from '../proc/processes.js';
import { archiveContainer } from './archive.js';
import { ContainerizerContext } from './context.js';
import type { DestroyResult } from './destroy.js';
import { destroyContainer } from './destroy.js';
import type { EnterRequest, EnteredProcess } from './enter.js';
import { enterContainer } from './enter.js';
import type { GcResult } from './gc.js';
import { collectGarbage } from './gc.js';
import type { LaunchRequest, LaunchedContainer } from './launch.js';
import { launch } from './launch.js';
import { checkLimitations } from './limitations.js';
import type { LogsRequest } from './logs.js';
import { streamLogs } from './logs.js';
import type { ContainerizerOptions } from './options.js';
import { DEFAULTS } from './options.js';
import { containerProcesses } from './processes.js';
import type { RecoveryReport } from './recover.js';
import { recover } from './recover.js';
import type { ContainerStatus } from './status.js';
import { toStatus } from './status.js';
import type { Termination } from './termination.js';
import { updateContainer } from './update.js';
import type { ResourceStatistics } from './usage.js';
import type { SignalOutcome } from './signal.js';
import { signalContainer } from './signal.js';
import { ContainerWatcher } from './watcher.js';
import { preflight } from './preflight.js';
import { containerUsage } from './usage.js';
import { viewContainer } from './view.js';

export class Containerizer {
  private readonly ctx: ContainerizerContext;
  /** Containers this process launched and still follows. */
  private readonly followed = new Map<string, Promise<Termination>>();
  /** Containers launched elsewhere (another process, before a restart) that we wait on. */
  private watcher: ContainerWatcher | undefined;

  constructor(options: ContainerizerOptions = {}) {
    this.ctx = new ContainerizerContext(options);
  }

  get isolation(): readonly string[] {
    return this.ctx.isolation;
  }

  async launch(request: LaunchRequest): Promise<LaunchedContainer> {
    const launched = await launch(this.ctx, request);
    this.followed.set(launched.containerId, launched.exited);
    const forget = (): void => void this.followed.delete(launched.containerId);
    launched.exited.then(forget, forget);
    return launched;
  }

  /** Resolves when the container has ended (and been cleaned up). */
  wait(containerId: string): Promise<Termination> {
    return this.followed.get(containerId) ?? (this.watcher ??= new ContainerWatcher(this.ctx)).wait(containerId);
  }

  /** Signals the container's task (through its init) by id: 'gone' when it has ended. */
  signal(containerId: string, signal: NodeJS.Signals | number): Promise<SignalOutcome> {
    return signalContainer(this.ctx, containerId, signal);
  }

  /** Checks what the isolation needs (root, the init stub, cgroups); throws the first thing missing. */
  preflight(): void {
    preflight(this.ctx);
  }

  /** Stops watching the containers wait() was waiting on (their waits stay pending). */
  close(): void {
    this.watcher?.close();
  }

  status(containerId: string): ContainerStatus {
    const view = viewContainer(this.ctx, containerId);
    // Ended unwatched, not cleaned up yet: its cgroups still say whether it hit a limit.
    if (view.phase === 'exited' && !view.state.cleanedUp && !view.limitation) view.limitation = checkLimitations(this.ctx, view.state);
    return toStatus(this.ctx, view);
  }

  /** Every entry of the run directory, whatever its phase (torn ones included). */
  containers(): ContainerStatus[] {
    const statuses: ContainerStatus[] = [];
    for (const id of this.ctx.runDir.list()) {
      try {
        statuses.push(this.status(id));
      } catch (error) {
        // Forgotten (by gc) between the listing and the look: no longer a container.
        if ((error as { code?: string }).code !== 'UNKNOWN_CONTAINER') throw error;
      }
    }
    return statuses;
  }

  processes(containerId: string): ProcessInfo[] {
    return containerProcesses(this.ctx, containerId);
  }

  /** Runs a program inside a running container (a shell by default). */
  enter(containerId: string, request: EnterRequest = {}): Promise<EnteredProcess> {
    return enterContainer(this.ctx, containerId, request);
  }

  /** The task's stdout or stderr, from its sandbox; with follow, until the container ends. */
  logs(containerId: string, request: LogsRequest, out: Writable): Promise<void> {
    return streamLogs(this.ctx, containerId, request, out);
  }

  /** New cpus and mem for a running container (cgroups/cpu, cgroups/mem). */
  update(containerId: string, resources: Resources): Promise<Resources> {
    return updateContainer(this.ctx, containerId, resources);
  }

  async usage(containerId: string): Promise<ResourceStatistics> {
    return containerUsage(this.ctx, containerId);
  }

  /** A .tar.gz of the sandbox and the recorded state, to a file or a stream. */
  archive(containerId: string, output: string | Writable): Promise<void> {
    return archiveContainer(this.ctx, containerId, output);
  }

  /** Forgets ended containers older than the age given: sandbox and run-directory entry. */
  gc(options: { olderThanMs?: number; containerId?: string; timeoutSeconds?: number } = {}): Promise<GcResult> {
    return collectGarbage(this.ctx, {
      olderThanMs: options.olderThanMs ?? 0,
      timeoutSeconds: options.timeoutSeconds ?? DEFAULTS.destroyTimeoutSeconds,
      ...(options.containerId !== undefined && { containerId: options.containerId }),
    });
  }

  /** After a crash or reboot: report, and with cleanup remove, what nobody is watching. */
  recover(options: { cleanup?: boolean; timeoutSeconds?: number } = {}): Promise<RecoveryReport> {
    return recover(this.ctx, { cleanup: options.cleanup ?? false, timeoutSeconds: options.timeoutSeconds ?? DEFAULTS.destroyTimeoutSeconds });
  }

  async destroy(containerId: string, options: { timeoutSeconds?: number } = {}): Promise<DestroyResult> {
    const result = await destroyContainer(this.ctx, containerId, options.timeoutSeconds ?? DEFAULTS.destroyTimeoutSeconds);
    await this.followed.get(containerId)?.catch(() => undefined);
    return result;
  }
}
