// Starts a container through the init stub and follows its status events.
// Node only spawns a program here: all namespace work happens in the stub.
import { spawn } from 'node:child_process';
import type { ChildProcess, StdioOptions } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

import { identify } from '../proc/identity.js';
import { encodeEnvironment } from './env-block.js';
import type { ProcessIdentity } from '../proc/identity.js';
import { deferred, quietly } from './deferred.js';
import { LaunchError } from './errors.js';
import { messageOf } from '../errors.js';
import { ENV_FD, STATUS_FD, SYNC_FD, initStubFor } from './init-stub.js';
import type { ErrorEvent, InitEvent } from './status-events.js';
import { onStatusEvents } from './status-events.js';

export type StdioChoice = { kind: 'inherit' } | { kind: 'files'; stdout: number; stderr: number };

export interface ForkRequest {
  containerId: string;
  /** The stub's command line (stubArguments or enterArguments). */
  args: string[];
  /** The stub waits on the sync fd before starting the task. */
  sync: boolean;
  /** The task's environment: handed to the stub on its env fd, applied only in the task's execve. */
  env: Record<string, string>;
  stdio: StdioChoice;
  /**
   * In its own session (the default): terminal signals aimed at the caller
   * do not reach the container; the caller forwards what it should. `enter`
   * stays in the caller's session, so an interactive shell has its terminal.
   */
  detached?: boolean;
}

export interface StubTermination {
  exit_code: number | null;
  signal: number | null;
  /** The stub's own failure, when it failed before or at exec. */
  error?: ErrorEvent;
}

export interface ForkedContainer {
  monitor: ChildProcess;
  /** The stub's outer process: it outlives the container to record its end. */
  monitorIdentity: ProcessIdentity | undefined;
  init: InitEvent;
  /** Resolves once the task was exec'ed; rejects with a LaunchError. */
  running: Promise<void>;
  /** Resolves when the monitor is gone, with how the container ended. */
  exited: Promise<StubTermination>;
  /** Lets the task start (only with plan.sync). */
  release(): void;
  /** Gives up a launch before release(): the waiting init exits. */
  abort(): void;
  /** Stops following the container so this process can exit while it runs. */
  detach(): void;
}

function stdioFor(choice: StdioChoice, sync: boolean): StdioOptions {
  const base: StdioOptions = choice.kind === 'inherit' ? ['inherit', 'inherit', 'inherit'] : ['ignore', choice.stdout, choice.stderr];
  return [...base, 'pipe', sync ? 'pipe' : 'ignore', 'pipe'];
}

function failure(containerId: string, error: ErrorEvent | undefined, code: number | null, signal: NodeJS.Signals | null): LaunchError {
  if (error) return LaunchError.fromEvent(containerId, error);
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  return new LaunchError(containerId, 'monitor', undefined, `container '${containerId}': the init stub ${how} before the task started`);
}

export function forkContainer(request: ForkRequest): Promise<ForkedContainer> {
  const { containerId } = request;
  const environment = encodeEnvironment(request.env);
  const monitor = spawn(initStubFor(request.args), request.args, {
    env: {}, // nothing of the caller's or the task's: see env-block.ts
    stdio: stdioFor(request.stdio, request.sync),
    detached: request.detached ?? true,
  });
  const statusStream = monitor.stdio[STATUS_FD] as Readable;
  const syncStream = monitor.stdio[SYNC_FD] as Writable | null;
  const envStream = (monitor.stdio as unknown as Array<Writable | null>)[ENV_FD] ?? null;
  // A stub that failed before reading it closes the pipe: its error event says why.
  envStream?.on('error', () => undefined);
  envStream?.end(environment);

  const started = deferred<ForkedContainer>();
  const running = deferred<void>();
  const exited = deferred<StubTermination>();
  quietly(running.promise);
  let lastError: ErrorEvent | undefined;
  let termination: StubTermination | undefined;

  onStatusEvents(statusStream, (event) => {
    if (event.event === 'init') {
      started.resolve({
        monitor,
        monitorIdentity: identify(monitor.pid!),
        init: event,
        running: running.promise,
        exited: exited.promise,
        release: () => syncStream?.end('x'),
        abort: () => syncStream?.destroy(),
        detach: () => {
          monitor.unref();
          statusStream.destroy();
          syncStream?.destroy();
        },
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

  monitor.on('error', (cause) => {
    const error = new LaunchError(containerId, 'spawn', undefined, `container '${containerId}': cannot start the init stub: ${messageOf(cause)}`, { cause });
    started.reject(error);
    running.reject(error);
    exited.resolve({ exit_code: null, signal: null });
  });
  monitor.on('close', (code, signal) => {
    const error = failure(containerId, lastError, code, signal);
    started.reject(error);
    running.reject(error);
    exited.resolve(termination ?? { exit_code: null, signal: null, ...(lastError && { error: lastError }) });
  });
  return started.promise;
}
