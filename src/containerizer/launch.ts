// launch: claim the id, prepare the isolators, create the cgroup, start the
// init stub, let isolators act on the live container, release the task.
// A failure at any step undoes the earlier ones: nothing is left behind.
import { closeSync } from 'node:fs';

import { createCgroup, removeCgroup } from '../cgroups/cgroup.js';
import { killCgroup } from '../cgroups/kill.js';
import type { ContainerConfig, Resources } from '../isolators/isolator.js';
import type { LaunchInfo } from '../isolators/launch-info.js';
import { mergeLaunchInfos } from '../isolators/launch-info.js';
import { quietly } from '../launcher/deferred.js';
import type { ForkedContainer, StdioChoice } from '../launcher/linux-launcher.js';
import { forkContainer } from '../launcher/linux-launcher.js';
import { stubArguments } from '../launcher/init-stub.js';
import type { CommandInfo } from '../mesos/command-info.js';
import { commandArgv } from '../mesos/command-info.js';
import type { ContainerInfo } from '../mesos/container-info.js';
import { validateContainerId } from '../mesos/container-id.js';
import type { ContainerizerContext } from './context.js';
import { taskEnvironment } from './environment.js';
import { runAfterLaunch, runBeforeLaunch } from './hooks.js';
import { watchLimitations } from './limitations.js';
import { DEFAULTS } from './options.js';
import { createSandbox, openSandboxOutput, removeSandbox, sandboxPath } from './sandbox.js';
import type { ContainerState } from './state.js';
import { teardown } from './teardown.js';
import type { Termination } from './termination.js';
import { toTermination } from './termination.js';

export interface LaunchRequest {
  containerId: string;
  command: CommandInfo;
  /** Added to the task's environment, over everything but MESOS_*. */
  env?: Record<string, string>;
  /** Run the task as this user; defaults to command.user, else root. */
  user?: string;
  /** The sandbox itself (Mesos's --directory); default <work_dir>/containers/<id>. */
  directory?: string;
  containerInfo?: ContainerInfo;
  resources?: Resources;
  /** 'inherit': the task shares our stdin/stdout/stderr; 'sandbox' (default): files in the sandbox. */
  stdio?: 'inherit' | 'sandbox';
}

export interface LaunchedContainer {
  containerId: string;
  /** Host pid of the container's init. */
  pid: number;
  startTime: number;
  pidNamespace: number;
  sandbox: string;
  /** Resolves when the container has ended and been cleaned up. */
  exited: Promise<Termination>;
  /** Sends a signal to the task, through the container's init. */
  signal(signal: NodeJS.Signals): void;
  /** Stops following the container: this process may exit while it runs. */
  detach(): void;
}

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

async function startStub(ctx: ContainerizerContext, request: LaunchRequest, state: ContainerState, infos: LaunchInfo[]): Promise<ForkedContainer> {
  const merged = mergeLaunchInfos(infos);
  const { program, argv0, args } = commandArgv(request.command);
  const output = request.stdio === 'inherit' ? undefined : openSandboxOutput(state.sandbox);
  const stdio: StdioChoice = output ? { kind: 'files', ...output } : { kind: 'inherit' };
  try {
    const sync = ctx.isolators.some((i) => i.isolate);
    return await forkContainer({
      containerId: state.containerId,
      stdio,
      sync,
      env: taskEnvironment({ containerId: state.containerId, sandbox: state.sandbox, command: request.command, contributed: merged.env, overrides: request.env }),
      args: stubArguments({
        exitFile: ctx.runDir.terminationFile(state.containerId),
        ...(state.cgroup?.version === 2 && { cloneIntoCgroup: state.cgroup.path }),
        cgroups: state.cgroup?.version === 1 ? [state.cgroup.path] : [],
        resourceCgroups: (state.resourceCgroups ?? []).map((cg) => cg.path),
        // A limitation (an OOM kill) is read from the cgroups once the container ended.
        keepCgroups: ctx.isolators.some((i) => i.limitation),
        namespaces: merged.namespaces,
        mounts: merged.mounts,
        workingDirectory: state.sandbox,
        ...(state.user !== undefined && { user: state.user }),
        program,
        argv0,
        args,
        sync,
      }),
    });
  } finally {
    if (output) {
      closeSync(output.stdout);
      closeSync(output.stderr);
    }
  }
}

/** Follows the container to its end, then cleans up after it. */
function followExit(ctx: ContainerizerContext, state: ContainerState, forked: ForkedContainer): Promise<Termination> {
  // A limit hit while it runs ends it: its cgroup is killed, then as below.
  const stopWatching = watchLimitations(ctx, state, () => {
    void killCgroup(state.cgroup!, Date.now() + DEFAULTS.destroyTimeoutSeconds * 1000).catch(() => undefined);
  });
  return forked.exited.then(async (stub) => {
    stopWatching();
    await teardown(ctx, state, Date.now() + DEFAULTS.destroyTimeoutSeconds * 1000);
    const record = ctx.runDir.readTermination(state.containerId) ?? { ...stub, finished_at: Date.now() };
    const { containerId } = state;
    return toTermination(containerId, record, ctx.runDir.readDestroyed(containerId) !== undefined, ctx.runDir.readLimitation(containerId));
  });
}

export async function launch(ctx: ContainerizerContext, request: LaunchRequest): Promise<LaunchedContainer> {
  const containerId = validateContainerId(request.containerId);
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
      exited: quietly(followExit(ctx, state, forked)),
      signal: (signal) => forked.monitor.kill(signal),
      detach: () => forked.detach(),
    };
  } catch (error) {
    await undoAll(ctx, undo);
    throw error;
  }
}
