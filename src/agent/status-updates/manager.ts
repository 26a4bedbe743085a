// The status update manager (Mesos's, reference §7.2): one ordered stream
// per task; an update is checkpointed before the agent counts it as made;
// only the update in front of a stream is sent to the master, and resent
// with backoff (10 s doubling to 10 min by default) until the master
// acknowledges its uuid; acknowledging a terminal update ends the stream
// (what might still be queued behind it is dropped, as in Mesos). Nothing
// is sent while the agent is not registered (paused).
import type { Logger } from '../../log/logger.js';
import type { StatusUpdate } from '../../mesos/wire/status-update.js';
import { UpdateLog } from '../checkpoint/update-log.js';
import type { UpdateRecord } from '../checkpoint/update-log.js';
import type { AckOutcome } from './stream.js';
import { StatusUpdateStream } from './stream.js';

export interface StatusUpdateManagerOptions {
  retryMinMs: number;
  retryMaxMs: number;
  /** Sends the update to the master (fire and forget: a lost one is resent). */
  forward(update: StatusUpdate): void;
  logger: Logger;
  /** The clock (tests give a manual one). */
  timers?: { setTimeout(fn: () => void, ms: number): NodeJS.Timeout; clearTimeout(timer: NodeJS.Timeout): void };
}

export type AckResult = { outcome: AckOutcome | 'no-stream'; terminated: boolean };

const keyOf = (frameworkId: string, taskId: string): string => `${frameworkId}\u0000${taskId}`;

export class StatusUpdateManager {
  private readonly streams = new Map<string, StatusUpdateStream>();
  private paused = true;
  private readonly timers: NonNullable<StatusUpdateManagerOptions['timers']>;

  constructor(private readonly options: StatusUpdateManagerOptions) {
    this.timers = options.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (timer) => clearTimeout(timer) };
  }

  /**
   * Queues the update on its task's stream; resolves once it is recorded
   * (on disk, with a log path). A duplicate resolves too, doing nothing.
   */
  async update(update: StatusUpdate, logPath?: string): Promise<void> {
    const key = keyOf(update.framework_id.value, update.status.task_id.value);
    let stream = this.streams.get(key);
    if (!stream) {
      stream = new StatusUpdateStream(update.framework_id.value, update.status.task_id.value, logPath ? new UpdateLog(logPath) : undefined);
      this.streams.set(key, stream);
    }
    if (!(await stream.update(update))) {
      this.options.logger.debug({ task: stream.taskId, uuid: update.status.uuid }, 'ignoring a duplicate status update');
      return;
    }
    if (stream.timer === undefined && !this.paused && this.streams.get(key) === stream) this.send(stream);
  }

  async acknowledge(frameworkId: string, taskId: string, uuid: string): Promise<AckResult> {
    const key = keyOf(frameworkId, taskId);
    const stream = this.streams.get(key);
    if (!stream) return { outcome: 'no-stream', terminated: false };
    const outcome = await stream.acknowledge(uuid);
    if (outcome !== 'ok') return { outcome, terminated: false };
    this.stopRetrying(stream);
    stream.retryMs = 0;
    if (stream.terminated) {
      if (stream.pending.length > 0) this.options.logger.warn({ task: taskId, dropped: stream.pending.length }, 'a terminal update was acknowledged while updates were still queued: they are dropped');
      this.streams.delete(key);
      await stream.log?.close();
      return { outcome, terminated: true };
    }
    if (!this.paused) this.send(stream);
    return { outcome, terminated: false };
  }

  /** A stream from the checkpoint; returns false when it was already over. */
  recover(frameworkId: string, taskId: string, logPath: string, records: readonly UpdateRecord[]): boolean {
    const stream = new StatusUpdateStream(frameworkId, taskId, new UpdateLog(logPath));
    stream.replay(records);
    if (stream.terminated) return false;
    this.streams.set(keyOf(frameworkId, taskId), stream);
    return true;
  }

  /** Stops sending (no master to send to). */
  pause(): void {
    this.paused = true;
    for (const stream of this.streams.values()) this.stopRetrying(stream);
  }

  /** Sends the front of every stream again, with a fresh backoff. */
  resume(): void {
    this.paused = false;
    for (const stream of this.streams.values()) {
      this.stopRetrying(stream);
      stream.retryMs = 0;
      this.send(stream);
    }
  }

  /** Forgets a framework's streams (it is gone). */
  async cleanup(frameworkId: string): Promise<void> {
    for (const [key, stream] of this.streams) {
      if (stream.frameworkId !== frameworkId) continue;
      this.stopRetrying(stream);
      this.streams.delete(key);
      await stream.log?.close();
    }
  }

  /** The task's updates the master has not acknowledged, oldest (the one sent) first. */
  unacknowledged(frameworkId: string, taskId: string): StatusUpdate[] {
    return [...(this.streams.get(keyOf(frameworkId, taskId))?.pending ?? [])];
  }

  has(frameworkId: string, taskId: string): boolean {
    return this.streams.has(keyOf(frameworkId, taskId));
  }

  /** Updates waiting for an acknowledgement, over all tasks. */
  get pendingCount(): number {
    let count = 0;
    for (const stream of this.streams.values()) count += stream.pending.length;
    return count;
  }

  async close(): Promise<void> {
    this.pause();
    await Promise.all([...this.streams.values()].map((s) => s.log?.close()));
  }

  private send(stream: StatusUpdateStream): void {
    const front = stream.pending[0];
    if (!front) return;
    stream.retryMs = stream.retryMs === 0 ? this.options.retryMinMs : Math.min(stream.retryMs * 2, this.options.retryMaxMs);
    this.options.forward(front);
    stream.timer = this.timers.setTimeout(() => {
      stream.timer = undefined;
      if (!this.paused) this.send(stream);
    }, stream.retryMs);
  }

  private stopRetrying(stream: StatusUpdateStream): void {
    if (stream.timer) this.timers.clearTimeout(stream.timer);
    stream.timer = undefined;
  }
}
