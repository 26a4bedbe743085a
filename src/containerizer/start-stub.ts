// From a prepared container to a running init stub: the stub's command line,
// the task's environment, and its stdout and stderr.
import { closeSync } from 'node:fs';

import { readOnlyCgroupView } from '../isolators/cgroup-view.js';
import type { LaunchInfo } from '../isolators/launch-info.js';
import { mergeLaunchInfos } from '../isolators/launch-info.js';
import { stubArguments } from '../launcher/init-stub.js';
import type { ForkedContainer, StdioChoice } from '../launcher/linux-launcher.js';
import { commandArgv } from '../mesos/command-info.js';
import type { ContainerizerContext } from './context.js';
import { taskEnvironment } from './environment.js';
import type { LaunchRequest } from './launch-types.js';
import { openSandboxOutput } from './sandbox.js';
import type { ContainerState } from './run-dir/records.js';
import { writeTaskEnvironment } from './task-env-file.js';

export async function startStub(ctx: ContainerizerContext, request: LaunchRequest, state: ContainerState, infos: LaunchInfo[]): Promise<ForkedContainer> {
  // Last: no volume may cover the read-only cgroup view.
  const merged = mergeLaunchInfos([...infos, readOnlyCgroupView()]);
  const { program, argv0, args } = commandArgv(request.command);
  const output = request.stdio === 'inherit' ? undefined : openSandboxOutput(state.sandbox);
  const stdio: StdioChoice = output ? { kind: 'files', ...output } : { kind: 'inherit' };
  try {
    // Always: the task may start only once the record names its init.
    const sync = true;
    const env = taskEnvironment({ containerId: state.containerId, sandbox: state.sandbox, command: request.command, contributed: merged.env, overrides: request.env });
    writeTaskEnvironment(ctx.runDir, state.containerId, env);
    return await ctx.host.spawnStub({
      containerId: state.containerId,
      stdio,
      sync,
      env,
      args: stubArguments({
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
        sync,
        ...(request.dieWithParent && { dieWithParent: process.pid }),
      }),
    });
  } finally {
    if (output) {
      closeSync(output.stdout);
      closeSync(output.stderr);
    }
  }
}
