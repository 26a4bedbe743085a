// Starts a container through the init stub and follows its status events.
// Node only starts a program here: all namespace work happens in the stub.
// A detached launch (every container launch) goes through the resident
// launcher, so that it does not fork Node; `enter`, which stays in the
// caller's session, and any launch where the launcher cannot run, spawn the
// stub from Node.
import { spawn } from 'node:child_process';
import type { StdioOptions } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

import type { Logger } from '../log/logger.js';
import type { ProcessIdentity } from '../proc/identity.js';
import { encodeEnvironment } from './env-block.js';
import { LaunchError } from './errors.js';
import { messageOf } from '../errors.js';
import { followStub } from './follow-stub.js';
import { ENV_FD, STATUS_FD, SYNC_FD, initStubFor } from './init-stub.js';
import { forkThroughLauncher } from './launcher-spawn.js';
import { residentLauncher } from './resident-launcher.js';
import type { ErrorEvent, InitEvent } from './status-events.js';

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
  /** The container dies with this process (the stub's --die-with-parent, aimed at whichever process starts it). */
  dieWithParent?: boolean;
  /** Through the process's resident launcher (the default, for detached stubs); false: spawned from this process. */
  viaLauncher?: boolean;
  /** Where a launch says that it could not use the resident launcher. */
  logger?: Logger;
}

export interface StubTermination {
  exit_code: number | null;
  signal: number | null;
  /** The stub's own failure, when it failed before or at exec. */
  error?: ErrorEvent;
}

export interface ForkedContainer {
  /** The stub's outer process: it outlives the container to record its end. */
  monitorPid: number;
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
  /** A signal to the monitor, which forwards it to the task (while it is not known to be gone). */
  signalMonitor(signal: NodeJS.Signals): void;
}

function stdioFor(choice: StdioChoice, sync: boolean): StdioOptions {
  const base: StdioOptions = choice.kind === 'inherit' ? ['inherit', 'inherit', 'inherit'] : ['ignore', choice.stdout, choice.stderr];
  return [...base, 'pipe', sync ? 'pipe' : 'ignore', 'pipe'];
}

/** The stub's argv, with --die-with-parent naming the process that starts it. */
export function argsWithParent(request: ForkRequest, parent: number): string[] {
  return request.dieWithParent ? ['--die-with-parent', String(parent), ...request.args] : request.args;
}

export async function forkContainer(request: ForkRequest): Promise<ForkedContainer> {
  if ((request.detached ?? true) && (request.viaLauncher ?? true)) {
    const launcher = residentLauncher((message) => request.logger?.warn(message));
    if (launcher) return forkThroughLauncher(launcher, request);
  }
  return spawnStub(request);
}

/** The stub as Node's child (its fork copies this process's page tables). */
export function spawnStub(request: ForkRequest): Promise<ForkedContainer> {
  const { containerId } = request;
  const environment = encodeEnvironment(request.env);
  const monitor = spawn(initStubFor(request.args), argsWithParent(request, process.pid), {
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

  const follower = followStub(containerId, statusStream, {
    pid: monitor.pid ?? 0,
    release: () => syncStream?.end('x'),
    abort: () => syncStream?.destroy(),
    detach: () => {
      monitor.unref();
      statusStream.destroy();
      syncStream?.destroy();
    },
    signal: (signal) => void monitor.kill(signal),
  });
  monitor.on('error', (cause) => {
    follower.failedToStart(new LaunchError(containerId, 'spawn', undefined, `container '${containerId}': cannot start the init stub: ${messageOf(cause)}`, { cause }));
  });
  monitor.on('close', (code, signal) => follower.ended(code, signal));
  return follower.started;
}
