// One task's status updates (Mesos's StatusUpdateStream): kept in order,
// each written to the task's update log (when the framework checkpoints)
// before it counts as received, and released one at a time as the master
// acknowledges them. Duplicates (a uuid seen before) are dropped; an
// acknowledgement that is not for the update in front is refused.
import { isTerminal } from '../../mesos/task-state.js';
import type { StatusUpdate } from '../../mesos/wire/status-update.js';
import type { UpdateLog, UpdateRecord } from '../checkpoint/update-log.js';

export type AckOutcome = 'ok' | 'duplicate' | 'unexpected';

export class StatusUpdateStream {
  /** Not yet acknowledged, oldest first: the first is the one sent. */
  readonly pending: StatusUpdate[] = [];
  private readonly received = new Set<string>();
  private readonly acknowledged = new Set<string>();
  /** A terminal update was acknowledged: the stream is over. */
  terminated = false;
  /** The retry interval of the update in front; 0 before it is first sent. */
  retryMs = 0;
  timer: NodeJS.Timeout | undefined;

  constructor(
    readonly frameworkId: string,
    readonly taskId: string,
    readonly log: UpdateLog | undefined,
  ) {}

  get checkpointed(): boolean {
    return this.log !== undefined;
  }

  /** Re-applies recorded history, writing nothing. */
  replay(records: readonly UpdateRecord[]): void {
    for (const record of records) {
      if (record.type === 'UPDATE') {
        const uuid = record.update.status.uuid!;
        if (this.received.has(uuid)) continue;
        this.received.add(uuid);
        this.pending.push(record.update);
      } else if (this.pending[0]?.status.uuid === record.uuid) {
        this.pop(record.uuid);
      }
    }
  }

  /** Records the update; false for a duplicate (its uuid was seen before). */
  async update(update: StatusUpdate): Promise<boolean> {
    const uuid = update.status.uuid!;
    if (this.received.has(uuid)) return false;
    this.received.add(uuid);
    try {
      await this.log?.append({ type: 'UPDATE', update });
    } catch (error) {
      this.received.delete(uuid);
      throw error;
    }
    this.pending.push(update);
    return true;
  }

  async acknowledge(uuid: string): Promise<AckOutcome> {
    if (this.acknowledged.has(uuid)) return 'duplicate';
    if (this.pending[0]?.status.uuid !== uuid) return 'unexpected';
    this.acknowledged.add(uuid);
    try {
      await this.log?.append({ type: 'ACK', uuid });
    } catch (error) {
      this.acknowledged.delete(uuid);
      throw error;
    }
    this.pop(uuid);
    return 'ok';
  }

  private pop(uuid: string): void {
    this.acknowledged.add(uuid);
    const front = this.pending.shift()!;
    if (isTerminal(front.status.state)) this.terminated = true;
  }
}
