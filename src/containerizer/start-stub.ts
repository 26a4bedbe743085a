// From a prepared container to the init stub: its command line, the task's
// environment, and its stdout and stderr. The stub is spawned and followed
// (launch), or the CLI execs it (hand-over.ts).
import { closeSync } from 'node:fs';

import { readOnlyCgroupView } from '../isolators/cgroup-view.js';
import type { LaunchInfo } from '../isolators/launch-info.js';
import { mergeLaunchInfos } from '../isolators/launch-info.js';
import type { StubPlan } from '../launcher/init-stub.js';
import { stubArguments, testMonitorLingerMs } from '../launcher/init-stub.js';
import type { ForkedContainer, StdioChoice } from '../launcher/linux-launcher.js';
import { commandArgv } from '../mesos/command-info.js';
import type { ContainerizerContext } from './context.js';
import { taskEnvironment } from './environment.js';
import type { LaunchRequest } from './launch-types.js';
import { openSandboxOutput } from './sandbox.js';
import type { ContainerState } from './run-dir/records.js';
import { writeTaskEnvironment } from './task-env-file.js';

/** The stub's plan, and the task's environment, which is kept in the entry (for enter) before the stub reads it. */
export function planStub(ctx: ContainerizerContext, request: LaunchRequest, state: ContainerState, infos: LaunchInfo[]): { plan: StubPlan; env: Record<string, string> } {
  // Last: no volume may cover the read-only cgroup view.
  const merged = mergeLaunchInfos([...infos, readOnlyCgroupView(ctx.cgroupMounts())]);
  const { program, argv0, args } = commandArgv(request.command);
  const lingerMs = testMonitorLingerMs();
  const env = taskEnvironment({ containerId: state.containerId, sandbox: state.sandbox, command: request.command, contributed: merged.env, overrides: request.env });
  writeTaskEnvironment(ctx.runDir, state.containerId, env);
  const plan: StubPlan = {
    exitFile: ctx.runDir.terminationFile(state.containerId),
    ...(state.cgroup?.version === 2 && { cloneIntoCgroup: state.cgroup.path }),
    cgroups: state.cgroup?.version === 1 ? [state.cgroup.path] : [],
    resourceCgroups: (state.resourceCgroups ?? []).map((cg) => cg.path),
    // A limitation (an OOM kill) is read from the cgroups once the container ended.
    keepCgroups: ctx.isolators.some((i) => i.limitation),
    ...(merged.oomCgroup && { oomCgroup: merged.oomCgroup.path }),
    namespaces: merged.namespaces,
    mounts: merged.mounts,
    workingDirectory: state.sandbox,
    ...(state.user !== undefined && { user: state.user }),
    ...(merged.capabilities && { capabilities: merged.capabilities }),
    noNewPrivileges: merged.noNewPrivileges,
    program,
    argv0,
    args,
    // Always: the task may start only once the record names its init.
    sync: true,
    ...(lingerMs !== undefined && { testLingerMs: lingerMs }),
  };
  return { plan, env };
}

export async function startStub(ctx: ContainerizerContext, request: LaunchRequest, state: ContainerState, infos: LaunchInfo[]): Promise<ForkedContainer> {
  const { plan, env } = planStub(ctx, request, state, infos);
  const output = request.stdio === 'inherit' ? undefined : openSandboxOutput(state.sandbox);
  const stdio: StdioChoice = output ? { kind: 'files', ...output } : { kind: 'inherit' };
  try {
    // The agent's containers die with it when it asks (--die-with-parent, aimed
    // at whichever process starts the stub: it dies with us); a hand-over has no parent to watch.
    return await ctx.host.spawnStub({
      containerId: state.containerId,
      stdio,
      sync: plan.sync,
      env,
      args: stubArguments(plan),
      ...(request.dieWithParent && { dieWithParent: true }),
      viaLauncher: ctx.residentLauncher,
      logger: ctx.logger,
    });
  } finally {
    if (output) {
      closeSync(output.stdout);
      closeSync(output.stderr);
    }
  }
}
