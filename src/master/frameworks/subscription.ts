// One framework's event stream: the 200 answer to SUBSCRIBE, kept open,
// carrying RecordIO-framed JSON events and a HEARTBEAT every interval.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import type { Event } from '../../mesos/scheduler/event.js';
import { events } from '../../mesos/scheduler/event.js';
import { encodeRecord } from '../../mesos/scheduler/recordio.js';

export const STREAM_ID_HEADER = 'mesos-stream-id';

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
    if (!this.ended) this.res.write(encodeRecord(JSON.stringify(event)));
  }

  /** Many events in one write (a reconciliation of every task). */
  sendAll(list: readonly Event[]): void {
    if (this.ended || list.length === 0) return;
    const parts: string[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) parts[i] = encodeRecord(JSON.stringify(list[i]));
    this.res.write(parts.join(''));
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
    clearInterval(this.heartbeat);
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
