// A container's init stub, started by the resident launcher: Node makes the
// status, sync and env pipes, sends their stub-side ends (and the task's
// stdout and stderr) to the launcher, and keeps its own ends. The stub's end
// is its status pipe's EOF together with the launcher's report that it
// reaped it (or that the launcher went away: then the EOF alone).
import { closeSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { constants } from 'node:os';

import { pipe } from '../../native-bindings/libc.js';
import { messageOf } from '../errors.js';
import { encodeEnvironment } from './env-block.js';
import { LaunchError } from './errors.js';
import { followStub } from './follow-stub.js';
import { ENV_FD, STATUS_FD, SYNC_FD, initStubFor } from './init-stub.js';
import type { ForkRequest, ForkedContainer } from './linux-launcher.js';
import { argsWithParent } from './linux-launcher.js';
import type { PassedFd, ResidentLauncher, WaitStatus } from './resident-launcher.js';

/** What fits in an empty pipe is written at once; more goes out as the stub reads it. */
const WRITE_AT_ONCE = 4096;

function signalName(signal: number | null): NodeJS.Signals | null {
  if (signal === null) return null;
  return (Object.entries(constants.signals).find(([, n]) => n === signal)?.[0] as NodeJS.Signals | undefined) ?? null;
}

function closeAll(fds: readonly number[]): void {
  for (const fd of fds) {
    try {
      closeSync(fd);
    } catch {
      // closed already
    }
  }
}

function sendEnvironment(fd: number, environment: Buffer): void {
  if (environment.length <= WRITE_AT_ONCE) {
    try {
      writeSync(fd, environment);
    } catch {
      // the stub failed before reading it: its error event says why
    }
    closeSync(fd);
    return;
  }
  const stream = new Socket({ fd, readable: false, writable: true });
  stream.on('error', () => undefined);
  stream.end(environment);
}

export async function forkThroughLauncher(launcher: ResidentLauncher, request: ForkRequest): Promise<ForkedContainer> {
  const { containerId } = request;
  const [statusRead, statusWrite] = pipe();
  const [syncRead, syncWrite] = request.sync ? pipe() : [-1, -1];
  const [envRead, envWrite] = pipe();
  const theirs = [statusWrite, envRead, ...(request.sync ? [syncRead] : [])];
  const fds: PassedFd[] =
    request.stdio.kind === 'files'
      ? [
          { fd: request.stdio.stdout, target: 1 },
          { fd: request.stdio.stderr, target: 2 },
        ]
      : [0, 1, 2].map((fd) => ({ fd, target: fd }));
  fds.push({ fd: statusWrite, target: STATUS_FD }, { fd: envRead, target: ENV_FD });
  if (request.sync) fds.push({ fd: syncRead, target: SYNC_FD });

  // Before the stub exists: a small environment then waits in the pipe, and
  // writing it wakes nobody (a wake-up here costs the caller a context switch).
  const environment = encodeEnvironment(request.env);
  const envAtOnce = environment.length <= WRITE_AT_ONCE;
  if (envAtOnce) sendEnvironment(envWrite, environment);

  let pid: number;
  let reaped: Promise<WaitStatus | undefined>;
  let forget: () => void;
  try {
    ({ pid, reaped, forget } = await launcher.spawn(initStubFor(request.args), argsWithParent(request, launcher.pid), fds, request.detached ?? true));
  } catch (cause) {
    closeAll([...theirs, statusRead, ...(envAtOnce ? [] : [envWrite]), ...(request.sync ? [syncWrite] : [])]);
    throw new LaunchError(containerId, 'spawn', undefined, `container '${containerId}': cannot start the init stub: ${messageOf(cause)}`, { cause });
  } finally {
    closeAll(theirs);
  }
  if (!envAtOnce) sendEnvironment(envWrite, environment);

  const status = new Socket({ fd: statusRead, readable: true, writable: false });
  let sync = request.sync ? syncWrite : -1;
  const closeSyncPipe = (): void => {
    if (sync >= 0) closeAll([sync]);
    sync = -1;
  };
  let gone = false;
  const follower = followStub(containerId, status, {
    pid,
    release: () => {
      if (sync < 0) return;
      try {
        writeSync(sync, 'x');
      } catch {
        // the init gave up already: its end says why
      }
      closeSyncPipe();
    },
    abort: closeSyncPipe,
    detach: () => {
      status.destroy();
      closeSyncPipe();
      forget();
    },
    signal: (signal) => {
      if (gone) return;
      try {
        process.kill(pid, signal);
      } catch {
        // gone meanwhile
      }
    },
  });
  void reaped.then(() => (gone = true));
  const statusClosed = new Promise<void>((resolve) => status.once('close', () => resolve()));
  void Promise.all([statusClosed, reaped]).then(([, wait]) => {
    gone = true;
    closeSyncPipe();
    follower.ended(wait?.code ?? null, signalName(wait?.signal ?? null));
  });
  return follower.started;
}
