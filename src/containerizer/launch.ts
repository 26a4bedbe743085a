// launch: claim the id with a durable record, then make the container step
// by step, each step recorded before it acts: sandbox and cgroup (named in
// the claim), fetch, hooks, isolators, the init stub (which waits), the
// init's pid in the record, isolate, `running` in the record, and only then
// release the task. So no task ever runs without a record naming it, and a
// launcher that dies at any point leaves a record (`abandoned`) that every
// command can read, finish and forget. A destroy (from any process) or the
// request's AbortSignal stops the launch at its next step. A failure at any
// step kills what was started, then undoes the rest: nothing is left.
// A launch may also stop before the stub and hand over to it (hand-over.ts).
import { closeSync } from 'node:fs';

import { ContainerizerError } from '../errors.js';
import { quietly } from '../launcher/deferred.js';
import { validateContainerId } from '../mesos/container-id.js';
import type { ContainerizerContext } from './context.js';
import { LaunchAbortedError } from './errors.js';
import { followExit } from './follow.js';
import type { HandOver, HandOverOptions } from './hand-over.js';
import { canHandOver, planHandOver } from './hand-over.js';
import { runAfterLaunch } from './hooks.js';
import { LaunchAbort } from './launch-abort.js';
import { claimRecord, recordAborted } from './launch-record.js';
import { prepare, start } from './launch-steps.js';
import type { LaunchRequest, LaunchedContainer } from './launch-types.js';
import { LaunchUndo } from './launch-undo.js';
import { DEFAULTS } from './options.js';
import { validateResources } from './resources.js';
import type { EntryLock } from './run-dir/entry-lock.js';

export type { LaunchRequest, LaunchedContainer } from './launch-types.js';

export async function launch(ctx: ContainerizerContext, request: LaunchRequest): Promise<LaunchedContainer> {
  return (await launchOrHandOver(ctx, request, undefined)) as LaunchedContainer;
}

/** With `handOver`, stops before the init stub when nothing needs this process after it (hand-over.ts). */
export async function launchOrHandOver(ctx: ContainerizerContext, request: LaunchRequest, handOver: HandOverOptions | undefined): Promise<LaunchedContainer | HandOver> {
  const containerId = validateContainerId(request.containerId);
  if (request.resources) validateResources(request.resources);
  if (!ctx.host.isRoot()) {
    throw new ContainerizerError('NEEDS_ROOT', `launching container '${containerId}' needs root: it creates namespaces, mounts and cgroups`);
  }
  const abort = new LaunchAbort(ctx, containerId, request.signal);
  const state = claimRecord(ctx, request, containerId);
  let lock: EntryLock;
  try {
    abort.check();
    lock = await ctx.runDir.claim(ctx.host, state, ctx.host.now() + DEFAULTS.destroyTimeoutSeconds * 1000);
  } catch (error) {
    abort.close();
    throw error;
  }
  abort.claimedEntry();
  const undo = new LaunchUndo();
  let released = false;
  const fail = async (error: unknown): Promise<never> => {
    await undo.run(ctx);
    // Once released, the task ran: a failure then is the launch's, not a destroy's.
    const by = released ? undefined : abort.reason;
    abort.close();
    if (by) recordAborted(ctx, state, by);
    else ctx.runDir.remove(containerId);
    lock.release();
    throw by ? new LaunchAbortedError(containerId, by) : error;
  };
  try {
    const prepared = await prepare(ctx, request, state, undo, abort);
    if (handOver && canHandOver(ctx, request, prepared)) {
      abort.check();
      const plan = planHandOver(ctx, request, state, prepared, lock, handOver);
      abort.close();
      const abandon = (error: unknown): Promise<never> => {
        for (const fd of plan.fds) if (fd !== lock.fd) closeSync(fd);
        return fail(error);
      };
      return { ...plan, abandon };
    }
    const { forked, watchedByStub } = await start(ctx, request, state, prepared, undo, abort);
    abort.close();
    forked.release();
    released = true;
    await forked.running;
    ctx.logger.info({ container: containerId, pid: forked.init.pid, sandbox: state.sandbox }, 'container launched');
    await runAfterLaunch(ctx.hooks, { containerId, sandbox: state.sandbox, pid: forked.init.pid }, ctx.logger.child({ container: containerId }));
    lock.release();
    return {
      containerId,
      pid: forked.init.pid,
      startTime: forked.init.start_time,
      pidNamespace: forked.init.pid_ns,
      sandbox: state.sandbox,
      exited: quietly(followExit(ctx, state, forked, watchedByStub)),
      signal: (signal) => forked.signalMonitor(signal),
      detach: () => forked.detach(),
    };
  } catch (error) {
    return fail(error);
  }
}
