// launch: claim the id with a durable record, then make the container step
// by step, each step recorded before it acts: sandbox and cgroup (named in
// the claim), fetch, hooks, isolators, the init stub (which waits), the
// init's pid in the record, isolate, `running` in the record, and only then
// release the task. So no task ever runs without a record naming it, and a
// launcher that dies at any point leaves a record (`abandoned`) that every
// command can read, finish and forget. A destroy (from any process) or the
// request's AbortSignal stops the launch at its next step. A failure at any
// step kills what was started, then undoes the rest: nothing is left.
import { existsSync } from 'node:fs';

import { ContainerizerError } from '../errors.js';
import type { ContainerConfig } from '../isolators/isolator.js';
import type { LaunchInfo } from '../isolators/launch-info.js';
import { mergeLaunchInfos } from '../isolators/launch-info.js';
import { quietly } from '../launcher/deferred.js';
import type { ForkedContainer } from '../launcher/linux-launcher.js';
import { validateContainerId } from '../mesos/container-id.js';
import type { ContainerizerContext } from './context.js';
import { LaunchAbortedError } from './errors.js';
import { followExit } from './follow.js';
import { runAfterLaunch, runBeforeLaunch } from './hooks.js';
import { killContainer } from './kill-container.js';
import { LaunchAbort } from './launch-abort.js';
import type { LaunchRequest, LaunchedContainer } from './launch-types.js';
import { LaunchUndo } from './launch-undo.js';
import { DEFAULTS } from './options.js';
import type { EntryLock } from './run-dir/entry-lock.js';
import type { ContainerState } from './run-dir/records.js';
import { RECORD_FORMAT } from './run-dir/records.js';
import { createSandbox, removeSandbox, sandboxPath } from './sandbox.js';
import { startStub } from './start-stub.js';

export type { LaunchRequest, LaunchedContainer } from './launch-types.js';

async function prepareIsolators(ctx: ContainerizerContext, config: ContainerConfig, undo: LaunchUndo, abort: LaunchAbort): Promise<LaunchInfo[]> {
  const infos: LaunchInfo[] = [];
  for (const isolator of ctx.isolators) {
    abort.check();
    const info = isolator.prepare ? await isolator.prepare(config) : undefined;
    infos.push(info ?? {});
    const cleanup = isolator.cleanup;
    if (cleanup) {
      undo.push(() => cleanup.call(isolator, { containerId: config.containerId, sandbox: config.sandbox, state: info?.state, logger: config.logger }));
    }
  }
  return infos;
}

function isolatorStates(ctx: ContainerizerContext, infos: LaunchInfo[]): Record<string, unknown> {
  const states: Record<string, unknown> = {};
  ctx.isolators.forEach((isolator, i) => {
    if (infos[i]?.state !== undefined) states[isolator.name] = infos[i]!.state;
  });
  return states;
}

/** The claim: who launches, and what it is about to make. */
function claimRecord(ctx: ContainerizerContext, request: LaunchRequest, containerId: string): ContainerState {
  const sandbox = sandboxPath(ctx.workDir, containerId, request.directory);
  const user = request.user ?? request.command.user;
  return {
    format: RECORD_FORMAT,
    containerId,
    phase: 'launching',
    launcher: { ...ctx.host.self(), bootId: ctx.host.bootId() },
    created: ctx.host.now(),
    sandbox,
    sandboxCreated: !existsSync(sandbox),
    isolation: ctx.isolation,
    cgroupsRoot: ctx.cgroupsRoot,
    cgroup: ctx.cgroupFor(containerId),
    command: request.command,
    ...(user !== undefined && { user }),
    ...(request.resources && { resources: request.resources }),
    isolatorState: {},
  };
}

/** The launch stopped for a destroy or its caller: the entry stays, saying so. */
function recordAborted(ctx: ContainerizerContext, state: ContainerState, by: 'destroy' | 'signal'): void {
  Object.assign(state, {
    phase: 'aborted',
    abortedAt: ctx.host.now(),
    sandboxCreated: false, // undone
    cleanedUp: true,
    killedByDestroy: true,
    // Nobody is waiting to claim a destroy the caller's own signal asked for.
    destroyReported: by === 'signal',
  } satisfies Partial<ContainerState>);
  try {
    ctx.runDir.writeState(state, true);
  } catch (error) {
    ctx.logger.warn({ container: state.containerId, err: (error as Error).message }, 'cannot record the aborted launch; forgetting it');
    ctx.runDir.remove(state.containerId);
  }
}

interface Made {
  forked: ForkedContainer;
  config: ContainerConfig;
}

/** Every step up to the release. */
async function make(ctx: ContainerizerContext, request: LaunchRequest, state: ContainerState, undo: LaunchUndo, abort: LaunchAbort): Promise<Made> {
  const { containerId, sandbox, cgroup } = state;
  const logger = ctx.logger.child({ container: containerId });
  abort.check();
  createSandbox(sandbox);
  if (state.sandboxCreated) undo.push(() => removeSandbox(sandbox));
  ctx.host.cgroups.create(cgroup!);
  undo.push(() => ctx.host.cgroups.remove(cgroup!));
  const config: ContainerConfig = {
    containerId,
    sandbox,
    command: request.command,
    cgroup: cgroup!,
    logger,
    ...(state.user !== undefined && { user: state.user }),
    ...(request.containerInfo && { containerInfo: request.containerInfo }),
    ...(request.resources && { resources: request.resources }),
  };
  if (request.command.uris?.length) {
    abort.check();
    const { fetchUris } = await import('../fetcher/fetch-uris.js');
    await fetchUris(request.command.uris, sandbox, logger, abort.signal);
  }
  abort.check();
  const additions = await runBeforeLaunch(ctx.hooks, config);
  const infos = await prepareIsolators(ctx, config, undo, abort);
  infos.unshift({ env: additions.env }); // isolators' env wins over hooks'
  const resourceCgroups = mergeLaunchInfos(infos).cgroups.filter((cg) => cg.path !== cgroup!.path);
  Object.assign(state, {
    ...(resourceCgroups.length > 0 && { resourceCgroups }),
    ...(Object.keys(additions.labels).length > 0 && { labels: additions.labels }),
    isolatorState: isolatorStates(ctx, infos.slice(1)),
  });
  ctx.runDir.writeState(state, false);

  abort.check();
  const forked = await startStub(ctx, request, state, infos);
  // From here on, the first thing any undo does is to kill what runs.
  undo.onceStarted(async () => {
    forked.abort(); // the init, waiting to be released, gives up
    await killContainer(ctx, state, ctx.host.now() + DEFAULTS.destroyTimeoutSeconds * 1000);
    await forked.exited;
  });
  Object.assign(state, {
    monitor: forked.monitorIdentity,
    init: { pid: forked.init.pid, startTime: forked.init.start_time },
    pidNamespace: forked.init.pid_ns,
    newPidNamespace: forked.init.new_pid_ns,
  });
  ctx.runDir.writeState(state, true); // the record names the init before anything can run in it
  for (const isolator of ctx.isolators) {
    abort.check();
    await isolator.isolate?.(config, forked.init.pid);
  }
  abort.check();
  state.phase = 'running';
  ctx.runDir.writeState(state, false);
  abort.check(); // a destroy that came while we wrote: still before the release
  return { forked, config };
}

export async function launch(ctx: ContainerizerContext, request: LaunchRequest): Promise<LaunchedContainer> {
  const containerId = validateContainerId(request.containerId);
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
  abort.watchEntry();
  const undo = new LaunchUndo();
  let released = false;
  try {
    const { forked } = await make(ctx, request, state, undo, abort);
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
      exited: quietly(followExit(ctx, state, forked)),
      signal: (signal) => forked.monitor.kill(signal),
      detach: () => forked.detach(),
    };
  } catch (error) {
    await undo.run(ctx);
    // Once released, the task ran: a failure then is the launch's, not a destroy's.
    const by = released ? undefined : abort.reason;
    abort.close();
    if (by) recordAborted(ctx, state, by);
    else ctx.runDir.remove(containerId);
    lock.release();
    throw by ? new LaunchAbortedError(containerId, by) : error;
  }
}
