// The resident launcher (native-bindings/launcher): one small process per
// Node process, started at the first launch, that starts init stubs for it,
// so that a launch never forks Node (a fork copies Node's page tables, and
// costs more the bigger its heap). Requests go on a blocking unix socket
// with the stub's fds attached (SCM_RIGHTS); answers (its pid, and its wait
// status once reaped) come back on a pipe. It is shared by every
// Containerizer of the process, keeps no event-loop reference of its own
// while nothing is asked of it, and dies with the process (PR_SET_PDEATHSIG,
// and EOF on its socket).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { getSystemErrorMap } from 'node:util';

import { sendWithFds, socketPair } from '../../native-bindings/libc.js';
import { messageOf } from '../errors.js';
import type { Deferred } from './deferred.js';
import { deferred, quietly } from './deferred.js';
import type { LauncherAnswer } from './launcher-protocol.js';
import { decodeAnswers, decodeWaitStatus, encodeRequest } from './launcher-protocol.js';

const BINARY = 'mesos-containerizer-launcher';

export interface WaitStatus {
  code: number | null;
  signal: number | null;
}

export interface LauncherChild {
  pid: number;
  /** Its wait status, once the launcher reaped it; undefined when the launcher went away first. */
  reaped: Promise<WaitStatus | undefined>;
  /** Stops waiting for it: this process may exit while it runs (as ChildProcess.unref); `reaped` never settles then. */
  forget(): void;
}

export interface PassedFd {
  fd: number;
  /** Its number in the child. */
  target: number;
}

/** Where the launcher is looked for; MESOS_CONTAINERIZER_LAUNCHER names the one to use. */
function launcherCandidates(): string[] {
  if (process.env.MESOS_CONTAINERIZER_LAUNCHER) return [process.env.MESOS_CONTAINERIZER_LAUNCHER];
  const here = dirname(fileURLToPath(import.meta.url));
  return [join(here, '../../native-bindings/build', BINARY), join(here, '../../../native-bindings/build', BINARY)];
}

export class ResidentLauncher {
  readonly pid: number;
  private readonly child: ChildProcess;
  private readonly answers: Readable;
  private requests: number;
  private nextId = 1;
  private buffered = Buffer.alloc(0);
  /** Requests sent, by id: their pid once started, and their end (registered as the answer arrives). */
  private readonly starting = new Map<number, { started: Deferred<number>; reaped: Deferred<WaitStatus | undefined> }>();
  private readonly running = new Map<number, Deferred<WaitStatus | undefined>>();
  private gone: string | undefined;

  /** Throws when it cannot be started. */
  constructor(path: string, private readonly onGone: (launcher: ResidentLauncher, why: string) => void) {
    const [mine, theirs] = socketPair();
    let child: ChildProcess;
    try {
      child = spawn(path, [String(process.pid)], { stdio: [theirs, 'pipe', 'inherit'], detached: true, env: {} });
    } finally {
      closeSync(theirs);
    }
    if (child.pid === undefined) {
      closeSync(mine);
      throw new Error(`cannot start ${path}`);
    }
    this.child = child;
    this.pid = child.pid;
    this.requests = mine;
    this.answers = child.stdout!;
    this.answers.on('data', (chunk: Buffer) => this.receive(chunk));
    child.on('error', (error) => this.lose(messageOf(error)));
    child.on('exit', (code, signal) => this.lose(signal ? `killed by ${signal}` : `exited with code ${code}`));
    child.unref();
    this.idle();
  }

  get alive(): boolean {
    return this.gone === undefined;
  }

  /** Starts `path` with exactly `fds`; resolves with its pid once it was exec'ed (or rejects with why not). */
  async spawn(path: string, argv: readonly string[], fds: readonly PassedFd[], newSession: boolean): Promise<LauncherChild> {
    if (this.gone !== undefined) throw new Error(`the launcher (pid ${this.pid}) is gone: ${this.gone}`);
    const id = this.nextId++;
    const request = encodeRequest({ id, newSession, path, argv, targets: fds.map((f) => f.target) });
    const started = deferred<number>();
    const reaped = deferred<WaitStatus | undefined>();
    this.starting.set(id, { started, reaped });
    this.busy();
    try {
      const sent = sendWithFds(this.requests, request, fds.map((f) => f.fd));
      for (let at = sent; at < request.length; ) at += writeSync(this.requests, request, at);
    } catch (error) {
      this.starting.delete(id);
      this.idle();
      this.lose(`cannot send it a request: ${messageOf(error)}`);
      throw error;
    }
    const pid = await started.promise;
    this.idle();
    return {
      pid,
      reaped: quietly(reaped.promise),
      forget: () => {
        if (this.running.get(pid) !== reaped) return;
        this.running.delete(pid); // `reaped` stays pending: nobody learns of its end here any more
        this.idle();
      },
    };
  }

  private receive(chunk: Buffer): void {
    const { answers, rest } = decodeAnswers(this.buffered.length > 0 ? Buffer.concat([this.buffered, chunk]) : chunk);
    this.buffered = Buffer.from(rest);
    for (const answer of answers) this.handle(answer);
  }

  private handle(answer: LauncherAnswer): void {
    if (answer.kind === 'reaped') {
      this.running.get(answer.pid)?.resolve(decodeWaitStatus(answer.status));
      this.running.delete(answer.pid);
      this.idle();
      return;
    }
    const request = this.starting.get(answer.id);
    if (!request) return;
    this.starting.delete(answer.id);
    const { started, reaped } = request;
    if (answer.kind === 'started') {
      // Now, not after the spawn's await: a stub that ended at once has its
      // reap report in the same chunk, handled before any continuation runs.
      this.running.set(answer.pid, reaped);
      started.resolve(answer.pid);
    } else {
      this.idle();
      const [code, description] = getSystemErrorMap().get(-answer.errno) ?? [`errno ${answer.errno}`, 'unknown error'];
      started.reject(Object.assign(new Error(`${code}: ${description}`), { code }));
    }
  }

  /** Held while an answer is awaited (a launch in progress, a child not forgotten): they keep the process alive. */
  private busy(): void {
    (this.answers as Readable & { ref(): void }).ref();
  }

  private idle(): void {
    const waiting = this.starting.size > 0 || this.running.size > 0;
    (this.answers as Readable & { ref(): void; unref(): void })[waiting ? 'ref' : 'unref']();
  }

  private lose(why: string): void {
    if (this.gone !== undefined) return;
    this.gone = why;
    for (const { started } of this.starting.values()) started.reject(new Error(`the launcher (pid ${this.pid}) went away: ${why}`));
    this.starting.clear();
    for (const reaped of this.running.values()) reaped.resolve(undefined);
    this.running.clear();
    try {
      closeSync(this.requests);
    } catch {
      // closed already
    }
    this.answers.destroy();
    this.onGone(this, why);
  }
}

let shared: ResidentLauncher | undefined;
let unavailable: string | undefined;

/**
 * The process's launcher, started on first use; undefined where it cannot
 * run (not built, cannot start), said once through `warn`: launches then
 * spawn the stub from Node, as before.
 */
export function residentLauncher(warn: (message: string) => void): ResidentLauncher | undefined {
  if (shared?.alive) return shared;
  if (unavailable !== undefined) return undefined;
  const candidates = launcherCandidates();
  const path = candidates.find((c) => existsSync(c));
  if (!path) {
    unavailable = `the resident launcher is not built (looked for ${candidates.join(', ')}: run \`npm run build\`)`;
  } else {
    try {
      shared = new ResidentLauncher(path, (launcher, why) => {
        if (shared === launcher) shared = undefined;
        warn(`the resident launcher (pid ${launcher.pid}) went away (${why}): the next launch starts another`);
      });
      return shared;
    } catch (error) {
      unavailable = `${path} cannot start: ${messageOf(error)}`;
    }
  }
  warn(`${unavailable}; init stubs are spawned from this process instead (each launch then copies its page tables)`);
  return undefined;
}
