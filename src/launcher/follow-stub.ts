// What a launch learns of its init stub, however it was started (spawned by
// Node, or by the resident launcher): the stub's status events (init,
// running, error, exit) on the status fd, and its end.
import type { Readable } from 'node:stream';

import { identify } from '../proc/identity.js';
import { deferred, quietly } from './deferred.js';
import { LaunchError } from './errors.js';
import type { ForkedContainer, StubTermination } from './linux-launcher.js';
import type { ErrorEvent } from './status-events.js';
import { onStatusEvents } from './status-events.js';

/** How the caller acts on the stub it started. */
export interface StubControls {
  pid: number;
  release(): void;
  abort(): void;
  detach(): void;
  signal(signal: NodeJS.Signals): void;
}

export interface StubFollower {
  /** Resolves at the init event; rejects when the stub ends or fails before. */
  started: Promise<ForkedContainer>;
  /** The stub could not be started at all. */
  failedToStart(error: LaunchError): void;
  /** The stub is gone: its status fd closed and (where known) how it exited. */
  ended(code: number | null, signal: NodeJS.Signals | null): void;
}

function failure(containerId: string, error: ErrorEvent | undefined, code: number | null, signal: NodeJS.Signals | null): LaunchError {
  if (error) return LaunchError.fromEvent(containerId, error);
  const how = signal ? `was killed by ${signal}` : code === null ? 'ended' : `exited with code ${code}`;
  return new LaunchError(containerId, 'monitor', undefined, `container '${containerId}': the init stub ${how} before the task started`);
}

export function followStub(containerId: string, statusStream: Readable, controls: StubControls): StubFollower {
  const started = deferred<ForkedContainer>();
  const running = deferred<void>();
  const exited = deferred<StubTermination>();
  quietly(running.promise);
  let lastError: ErrorEvent | undefined;
  let termination: StubTermination | undefined;

  onStatusEvents(statusStream, (event) => {
    if (event.event === 'init') {
      started.resolve({
        monitorPid: controls.pid,
        monitorIdentity: identify(controls.pid),
        init: event,
        running: running.promise,
        exited: exited.promise,
        release: controls.release,
        abort: controls.abort,
        detach: controls.detach,
        signalMonitor: controls.signal,
      });
    } else if (event.event === 'running') {
      running.resolve();
    } else if (event.event === 'error') {
      lastError = event;
      running.reject(failure(containerId, event, null, null));
    } else {
      termination = { exit_code: event.exit_code, signal: event.signal, ...(lastError && { error: lastError }) };
    }
  });

  return {
    started: started.promise,
    failedToStart(error) {
      started.reject(error);
      running.reject(error);
      exited.resolve({ exit_code: null, signal: null });
    },
    ended(code, signal) {
      const error = failure(containerId, lastError, code, signal);
      started.reject(error);
      running.reject(error);
      exited.resolve(termination ?? { exit_code: null, signal: null, ...(lastError && { error: lastError }) });
    },
  };
}
