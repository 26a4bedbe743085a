// Waiting for one event of a client, with a deadline.
import type { EventEmitter } from 'node:events';

import type { Event } from '../mesos/scheduler/event.js';
import { SchedulerError } from './errors.js';

export function waitForEvent<T extends Event>(client: EventEmitter, predicate: (event: Event) => boolean, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const onEvent = (event: Event): void => {
      if (!predicate(event)) return;
      cleanup();
      resolve(event as T);
    };
    const onClosed = (): void => {
      cleanup();
      reject(new SchedulerError('CLOSED', 'the client closed while waiting for an event'));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new SchedulerError('TIMEOUT', `no matching event within ${timeoutMs} ms`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      client.off('event', onEvent);
      client.off('closed', onClosed);
    };
    client.on('event', onEvent);
    client.once('closed', onClosed);
  });
}
