// The subscription: POST SUBSCRIBE and read the 200 answer as RecordIO-framed
// JSON events until it ends. A refusal (4xx) is an error with the master's
// one-line message.
import type { ClientRequest, IncomingMessage } from 'node:http';
import { request } from 'node:http';

import { messageOf } from '../errors.js';
import type { Event } from '../mesos/scheduler/event.js';
import { RecordIoDecoder } from '../mesos/scheduler/recordio.js';
import { SchedulerError } from './errors.js';

export interface EventStream {
  streamId: string;
  /** Ends the stream from this side. */
  close(): void;
}

export interface StreamHandlers {
  /** The master accepted: called before any event, with the stream's id. */
  onOpen(stream: EventStream): void;
  onEvent(event: Event): void;
  /** The stream ended (closed, broken, or malformed); `error` says why when it was not close(). */
  onEnd(error?: Error): void;
}

function parseEvent(text: string): Event {
  const event = JSON.parse(text) as Event;
  if (typeof event !== 'object' || event === null || typeof event.type !== 'string') throw new Error(`not an event: ${text.slice(0, 80)}`);
  return event;
}

export function openEventStream(url: URL, body: string, handlers: StreamHandlers, connectTimeoutMs: number): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    let ended = false;
    let opened = false;
    const end = (error?: Error): void => {
      if (ended) return;
      ended = true;
      handlers.onEnd(error);
    };
    const req: ClientRequest = request(url, {
      method: 'POST',
      agent: false,
      timeout: connectTimeoutMs,
      headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': String(Buffer.byteLength(body)) },
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${connectTimeoutMs} ms`)));
    req.on('error', (cause) => {
      // Before the answer, the caller hears of it through the promise; after it, through onEnd.
      if (!opened) reject(new SchedulerError('MASTER_UNREACHABLE', `cannot subscribe at ${url.host}: ${messageOf(cause)}`, { cause }));
      else end(new SchedulerError('CLOSED', `the subscription to ${url.host} broke off: ${messageOf(cause)}`, { cause }));
    });
    req.on('response', (res: IncomingMessage) => {
      if (res.statusCode !== 200) {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => reject(new SchedulerError('SUBSCRIBE_REFUSED', `the master refused SUBSCRIBE (${res.statusCode}): ${text.trim()}`, { status: res.statusCode })));
        return;
      }
      opened = true;
      req.setTimeout(0);
      const stream: EventStream = {
        streamId: String(res.headers['mesos-stream-id'] ?? ''),
        close: () => {
          ended = true;
          res.destroy();
          req.destroy();
        },
      };
      handlers.onOpen(stream);
      resolve(stream);
      const decoder = new RecordIoDecoder();
      res.on('data', (chunk: Buffer) => {
        let events: Event[];
        try {
          events = decoder.push(chunk).map(parseEvent);
        } catch (error) {
          res.destroy();
          end(new SchedulerError('CLOSED', `malformed event stream from ${url.host}: ${messageOf(error)}`, { cause: error }));
          return;
        }
        for (const event of events) if (!ended) handlers.onEvent(event);
      });
      res.on('end', () => end(new SchedulerError('CLOSED', `the master at ${url.host} ended the subscription`)));
      res.on('close', () => end(new SchedulerError('CLOSED', `the subscription to ${url.host} broke off`)));
      res.on('error', (cause) => end(new SchedulerError('CLOSED', `the subscription to ${url.host} broke off: ${messageOf(cause)}`, { cause })));
    });
    req.end(body);
  });
}
