// A foreground launch can hand over to the init stub: the CLI makes
// everything that needs JavaScript (claim, sandbox, cgroups, fetch, hooks,
// isolators, the record), then replaces itself with the stub (execve), which
// is then the process its caller waits for. The stub records the init and
// itself in the record before it releases the task, holds the container's
// lock until the task runs, forwards signals, records the end and exits with
// the task's status. Should the launch fail before the task runs, the stub
// execs the CLI again (the "hand-back"), which undoes what it made
// (hand-back.ts). What it passes the stub:
//   - the task's environment: the entry's env file, open;
//   - the running record, complete but for the init and monitor;
//   - the lock, on the entry it keeps open;
//   - the command line and environment to hand back to.
// The two files are unlinked as soon as they are open: nothing stays.
import { closeSync, openSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { initStubFor, stubArguments } from '../launcher/init-stub.js';
import type { ErrorEvent } from '../launcher/status-events.js';
import type { ContainerizerContext } from './context.js';
import type { Prepared } from './launch-steps.js';
import type { LaunchRequest } from './launch-types.js';
import type { EntryLock } from './run-dir/entry-lock.js';
import type { ContainerState } from './run-dir/records.js';
import { planStub } from './start-stub.js';
import { taskEnvironmentFile } from './task-env-file.js';

/** Set by the stub when it hands a launch back: its error event (JSON). */
export const HANDED_BACK_VARIABLE = `MESOS_CONTAINERIZER_HANDED_BACK`; // in backquotes: a name, not an error code
/** Set in the hand-back's environment: the fd of the container's lock. */
export const HANDED_BACK_LOCK_VARIABLE = `MESOS_CONTAINERIZER_HANDED_BACK_LOCK_FD`;

export interface HandOverOptions {
  /** The command line and environment that run this launch again, to finish it should the stub hand it back. */
  handBack: { argv: readonly string[]; env: Readonly<Record<string, string | undefined>> };
}

export interface HandOver {
  containerId: string;
  /** The init stub, and its command line. */
  program: string;
  args: string[];
  /** Descriptors the stub reads: they must stay open across the execve. */
  fds: number[];
  /** The execve failed: undoes the launch as any failed launch is, and rejects with `error`. */
  abandon(error: unknown): Promise<never>;
}

/** What the stub hands back: the container's lock, and why the launch failed. */
export interface HandBackEvent {
  lockFd: number;
  error: ErrorEvent | undefined;
}

/**
 * Whether nothing needs this process once the init exists: no isolator acts
 * on the live init or polls a limitation the stub does not watch, no hook
 * runs after the launch, and the task shares our stdio.
 */
export function canHandOver(ctx: ContainerizerContext, request: LaunchRequest, prepared: Prepared): boolean {
  if (request.stdio !== 'inherit' || request.signal !== undefined) return false;
  if (ctx.hooks.some((hook) => hook.afterLaunch)) return false;
  return !ctx.isolators.some((isolator) => isolator.isolate || (isolator.limitation && !prepared.watchedByStub.has(isolator.name)));
}

/** A file the stub reads once, from an fd: written, opened, unlinked. */
function passedFile(dir: string, name: string, content: string | Buffer): number {
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o600 });
  try {
    return openSync(path, 'r');
  } finally {
    unlinkSync(path);
  }
}

/** argv and env, each entry NUL-ended, an empty entry between them. */
function handBackBlock(handBack: HandOverOptions['handBack'], lockFd: number): string {
  const env = Object.entries(handBack.env)
    .filter(([name, value]) => value !== undefined && name !== HANDED_BACK_VARIABLE && name !== HANDED_BACK_LOCK_VARIABLE)
    .map(([name, value]) => `${name}=${value}`);
  env.push(`${HANDED_BACK_LOCK_VARIABLE}=${lockFd}`);
  return [...handBack.argv, '', ...env].map((entry) => `${entry}\0`).join('');
}

/** The running record as the stub completes it: without the init and monitor it adds. */
function recordTemplate(state: ContainerState): string {
  const { monitor: _monitor, init: _init, pidNamespace: _pidNamespace, newPidNamespace: _newPidNamespace, ...rest } = state;
  return JSON.stringify({ ...rest, phase: 'running' });
}

export function planHandOver(ctx: ContainerizerContext, request: LaunchRequest, state: ContainerState, prepared: Prepared, lock: EntryLock, options: HandOverOptions): Omit<HandOver, 'abandon'> {
  const id = state.containerId;
  const { plan } = planStub(ctx, request, state, prepared.infos);
  const dir = ctx.runDir.dir(id);
  const fds: number[] = [];
  try {
    const envFd = openSync(taskEnvironmentFile(ctx.runDir, id), 'r');
    fds.push(envFd);
    const recordTemplateFd = passedFile(dir, '.record-template', recordTemplate(state));
    fds.push(recordTemplateFd);
    const handBackFd = passedFile(dir, '.hand-back', handBackBlock(options.handBack, lock.fd));
    fds.push(handBackFd);
    plan.handOver = {
      containerId: id,
      record: ctx.runDir.file(id, 'state.json'),
      recordTemplateFd,
      destroyRequest: ctx.runDir.file(id, 'destroyed.json'),
      lockFd: lock.fd,
      handBackFd,
      envFd,
    };
    const args = stubArguments(plan);
    return { containerId: id, program: initStubFor(args), args, fds: [...fds, lock.fd] };
  } catch (error) {
    for (const fd of fds) closeSync(fd);
    throw error;
  }
}

/** The hand-back, from the environment the stub exec'ed us with; undefined when this is no hand-back. */
export function handBackFrom(env: Readonly<Record<string, string | undefined>>): HandBackEvent | undefined {
  const text = env[HANDED_BACK_VARIABLE];
  if (text === undefined) return undefined;
  let error: ErrorEvent | undefined;
  try {
    const parsed = JSON.parse(text) as Partial<ErrorEvent>;
    if (parsed.event === 'error' && typeof parsed.stage === 'string' && typeof parsed.message === 'string') error = parsed as ErrorEvent;
  } catch {
    // said nothing we can read: the launch still failed
  }
  return { lockFd: Number(env[HANDED_BACK_LOCK_VARIABLE] ?? -1), error };
}
