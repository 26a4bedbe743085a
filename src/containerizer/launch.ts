// launch: claim the id, prepare the isolators, create the cgroup, start the
// init stub, let isolators act on the live container, release the task.
// A failure at any step undoes the earlier ones: nothing is left behind.
import { createCgroup, removeCgroup } from '../cgroups/cgroup.js';
import { killCgroup } from '../cgroups/kill.js';
import type { ContainerConfig } from '../isolators/isolator.js';
import type { LaunchInfo } from '../isolators/launch-info.js';
import { mergeLaunchInfos } from '../isolators/launch-info.js';
import { quietly } from '../launcher/deferred.js';
import { ContainerizerError } from '../errors.js';
import { validateContainerId } from '../mesos/container-id.js';
import type { ContainerizerContext } from './context.js';
import { followExit } from './follow.js';
import { runAfterLaunch, runBeforeLaunch } from './hooks.js';
import type { LaunchRequest, LaunchedContainer } from './launch-types.js';
import { DEFAULTS } from './options.js';
import { validateResources } from './resources.js';
import { createSandbox, removeSandbox, sandboxPath } from './sandbox.js';
import { startStub } from './start-stub.js';
import type { ContainerState } from './state.js';

export type { LaunchRequest, LaunchedContainer } from './launch-types.js';

type Undo = () => void | Promise<void>;

async function undoAll(ctx: ContainerizerContext, steps: Undo[]): Promise<void> {
  for (const step of steps.reverse()) {
    try {
      await step();
    } catch (error) {
      ctx.logger.warn({ err: error }, 'undoing a failed launch step failed');
    }
  }
}

async function prepareIsolators(ctx: ContainerizerContext, config: ContainerConfig, undo: Undo[]): Promise<LaunchInfo[]> {
  const infos: LaunchInfo[] = [];
  for (const isolator of ctx.isolators) {
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

export async function launch(ctx: ContainerizerContext, request: LaunchRequest): Promise<LaunchedContainer> {
  const containerId = validateContainerId(request.containerId);
  if (request.resources) validateResources(request.resources);
  if (process.getuid?.() !== 0) {
    throw new ContainerizerError('NEEDS_ROOT', `launching container '${containerId}' needs root: it creates namespaces, mounts and cgroups`);
  }
  const sandbox = sandboxPath(ctx.workDir, containerId, request.directory);
  const user = request.user ?? request.command.user;
  const cgroup = ctx.cgroupFor(containerId);

  ctx.runDir.create(containerId);
  const undo: Undo[] = [() => ctx.runDir.remove(containerId)];
  try {
    const sandboxCreated = createSandbox(sandbox);
    if (sandboxCreated) undo.push(() => removeSandbox(sandbox));
    const logger = ctx.logger.child({ container: containerId });
    createCgroup(cgroup);
    undo.push(() => removeCgroup(cgroup));
    const config: ContainerConfig = {
      containerId,
      sandbox,
      command: request.command,
      cgroup,
      logger,
      ...(user !== undefined && { user }),
      ...(request.containerInfo && { containerInfo: request.containerInfo }),
      ...(request.resources && { resources: request.resources }),
    };
    if (request.command.uris?.length) {
      const { fetchUris } = await import('../fetcher/fetch-uris.js');
      await fetchUris(request.command.uris, sandbox, logger);
    }
    const additions = await runBeforeLaunch(ctx.hooks, config);
    const infos = await prepareIsolators(ctx, config, undo);
    const oomCgroup = mergeLaunchInfos(infos).oomCgroup;
    const watchedByStub = new Set(ctx.isolators.filter((_, i) => oomCgroup && infos[i]?.oomCgroup?.path === oomCgroup.path).map((i) => i.name));
    infos.unshift({ env: additions.env }); // isolators' env wins over hooks'
    const resourceCgroups = mergeLaunchInfos(infos).cgroups.filter((cg) => cg.path !== cgroup.path);

    // state.json is written once the init exists: until then the run
    // directory holds only the id's claim (a crash in between leaves an
    // orphan cgroup, which recover finds).
    const state: ContainerState = {
      containerId,
      created: Date.now(),
      sandbox,
      sandboxCreated,
      isolation: ctx.isolation,
      command: request.command,
      ...(user !== undefined && { user }),
      cgroup,
      ...(resourceCgroups.length > 0 && { resourceCgroups }),
      ...(request.resources && { resources: request.resources }),
      ...(Object.keys(additions.labels).length > 0 && { labels: additions.labels }),
      isolatorState: isolatorStates(ctx, infos.slice(1)),
    };

    const forked = await startStub(ctx, request, state, infos);
    state.monitor = forked.monitorIdentity;
    state.init = { pid: forked.init.pid, startTime: forked.init.start_time };
    state.pidNamespace = forked.init.pid_ns;
    state.newPidNamespace = forked.init.new_pid_ns;
    ctx.runDir.writeState(state);

    let released = false;
    try {
      for (const isolator of ctx.isolators) await isolator.isolate?.(config, forked.init.pid);
      forked.release();
      released = true;
      await forked.running;
      logger.info({ pid: forked.init.pid, sandbox }, 'container launched');
      await runAfterLaunch(ctx.hooks, { containerId, sandbox, pid: forked.init.pid }, logger);
    } catch (error) {
      // Before release the waiting init gives up; after, the task is killed.
      if (released) await killCgroup(cgroup, Date.now() + DEFAULTS.destroyTimeoutSeconds * 1000);
      else forked.abort();
      await forked.exited;
      throw error;
    }

    return {
      containerId,
      pid: forked.init.pid,
      startTime: forked.init.start_time,
      pidNamespace: forked.init.pid_ns,
      sandbox,
      exited: quietly(followExit(ctx, state, forked, watchedByStub)),
      signal: (signal) => forked.monitor.kill(signal),
      detach: () => forked.detach(),
    };
  } catch (error) {
    await undoAll(ctx, undo);
    throw error;
  }
}
