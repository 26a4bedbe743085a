// The steps of a launch up to the release of its task, each recorded before
// it acts, each checking first whether the launch must stop (launch.ts).
import { fetchUris } from '../fetcher/fetch-uris.js';
import type { ContainerConfig } from '../isolators/isolator.js';
import type { LaunchInfo } from '../isolators/launch-info.js';
import { mergeLaunchInfos } from '../isolators/launch-info.js';
import type { ForkedContainer } from '../launcher/linux-launcher.js';
import type { ContainerizerContext } from './context.js';
import { runBeforeLaunch } from './hooks.js';
import { killContainer } from './kill-container.js';
import type { LaunchAbort } from './launch-abort.js';
import { isolatorStates } from './launch-record.js';
import type { LaunchRequest } from './launch-types.js';
import type { LaunchUndo } from './launch-undo.js';
import { DEFAULTS } from './options.js';
import type { ContainerState } from './run-dir/records.js';
import { createSandbox, removeSandbox } from './sandbox.js';
import { startStub } from './start-stub.js';

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

/** What the steps before the init stub made. */
export interface Prepared {
  config: ContainerConfig;
  /** Each isolator's prepare() result, after the hooks' additions (first). */
  infos: LaunchInfo[];
  /** Isolators whose limitation the stub watches itself (its --oom-cgroup). */
  watchedByStub: Set<string>;
}

export interface Made extends Prepared {
  forked: ForkedContainer;
}

/** The steps before the init stub: sandbox, cgroup, fetch, hooks, isolators, each recorded. */
export async function prepare(ctx: ContainerizerContext, request: LaunchRequest, state: ContainerState, undo: LaunchUndo, abort: LaunchAbort): Promise<Prepared> {
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
    abort.watchEntry();
    try {
      await fetchUris(request.command.uris, sandbox, logger, abort.signal);
    } finally {
      abort.unwatchEntry();
    }
  }
  abort.check();
  const additions = await runBeforeLaunch(ctx.hooks, config);
  const infos = await prepareIsolators(ctx, config, undo, abort);
  const oomCgroup = mergeLaunchInfos(infos).oomCgroup;
  const watchedByStub = new Set(ctx.isolators.filter((_, i) => oomCgroup && infos[i]?.oomCgroup?.path === oomCgroup.path).map((i) => i.name));
  infos.unshift({ env: additions.env }); // isolators' env wins over hooks'
  const resourceCgroups = mergeLaunchInfos(infos).cgroups.filter((cg) => cg.path !== cgroup!.path);
  Object.assign(state, {
    ...(resourceCgroups.length > 0 && { resourceCgroups }),
    ...(Object.keys(additions.labels).length > 0 && { labels: additions.labels }),
    ...(watchedByStub.size > 0 && { watchedByStub: [...watchedByStub] }),
    isolatorState: isolatorStates(ctx, infos.slice(1)),
  });
  ctx.runDir.writeState(state);
  return { config, infos, watchedByStub };
}

/** The init stub, its identity recorded, the isolators that act on it, and `running` recorded: up to the release. */
export async function start(ctx: ContainerizerContext, request: LaunchRequest, state: ContainerState, prepared: Prepared, undo: LaunchUndo, abort: LaunchAbort): Promise<Made> {
  const { config, infos } = prepared;
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
  // The record names the init before anything can run in it. Isolators that
  // act on the live init do so while the record still says launching;
  // without them, one write says both.
  const isolating = ctx.isolators.filter((isolator) => isolator.isolate);
  if (isolating.length > 0) {
    ctx.runDir.writeState(state);
    for (const isolator of isolating) {
      abort.check();
      await isolator.isolate!(config, forked.init.pid);
    }
  }
  abort.check();
  state.phase = 'running';
  ctx.runDir.writeState(state);
  abort.check(); // a destroy that came while we wrote: still before the release
  return { ...prepared, forked };
}
