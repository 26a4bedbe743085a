// One framework's event stream: the 200 answer to SUBSCRIBE, kept open,
// carrying RecordIO-framed JSON events and a HEARTBEAT every interval.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import type { Event } from '../../mesos/scheduler/event.js';
import { events } from '../../mesos/scheduler/event.js';
import { encodeRecord } from '../../mesos/scheduler/recordio.js';

export const STREAM_ID_HEADER = 'mesos-stream-id';

/** Events encoded and written per turn of the event loop when many go at once. */
const BATCH = 1000;

export class Subscription {
  readonly streamId = randomUUID();
  private heartbeat: NodeJS.Timeout | undefined;
  private ended = false;
  private readonly closeListeners: Array<() => void> = [];

  constructor(
    private readonly res: ServerResponse,
    heartbeatIntervalMs: number,
  ) {
    res.writeHead(200, {
      'content-type': 'application/json',
      'cache-control': 'no-cache',
      [STREAM_ID_HEADER]: this.streamId,
    });
    res.flushHeaders();
    res.on('close', () => this.finish());
    this.heartbeat = setInterval(() => this.send(events.heartbeat()), heartbeatIntervalMs);
    this.heartbeat.unref();
  }

  get closed(): boolean {
    return this.ended;
  }

  send(event: Event): void {
    if (this.ended) return;
    if (this.queue.length > 0) this.queue.push([event]);
    else this.write(encodeRecord(JSON.stringify(event)));
  }

  /** Events written in one turn of the event loop leave in one system call. */
  private write(text: string): void {
    if (!this.corked) {
      this.corked = true;
      this.res.cork();
      process.nextTick(() => {
        this.corked = false;
        this.res.uncork();
      });
    }
    this.res.write(text);
  }

  private corked = false;

  /**
   * Many events (a reconciliation of every task), in order, a batch per turn
   * of the event loop: the framework decodes the first while the rest are
   * encoded, and events sent meanwhile wait their turn behind them.
   */
  sendAll(list: readonly Event[]): void {
    if (this.ended || list.length === 0) return;
    const idle = this.queue.length === 0;
    for (let i = 0; i < list.length; i += BATCH) this.queue.push(list.slice(i, i + BATCH));
    if (idle) this.drain();
  }

  private readonly queue: Event[][] = [];

  private drain(): void {
    const batch = this.queue[0];
    if (!batch || this.ended) return;
    let text = '';
    for (const event of batch) text += encodeRecord(JSON.stringify(event));
    this.write(text);
    this.queue.shift();
    if (this.queue.length > 0) setImmediate(() => this.drain());
  }

  /** Called once, when the stream ends for whatever reason (the client left, or close()). */
  onClose(listener: () => void): void {
    if (this.ended) listener();
    else this.closeListeners.push(listener);
  }

  close(): void {
    if (this.ended) return;
    this.res.end();
    this.finish();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.queue.length = 0;
    clearInterval(this.heartbeat);
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
