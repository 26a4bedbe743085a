// What a launch writes in its record: the claim (who launches, what it is
// about to make), and the end of a launch a destroy or its caller stopped.
import { existsSync } from 'node:fs';

import type { LaunchInfo } from '../isolators/launch-info.js';
import type { ContainerizerContext } from './context.js';
import type { LaunchRequest } from './launch-types.js';
import type { ContainerState } from './run-dir/records.js';
import { RECORD_FORMAT } from './run-dir/records.js';
import { sandboxPath } from './sandbox.js';

/** The claim: who launches, and what it is about to make. */
export function claimRecord(ctx: ContainerizerContext, request: LaunchRequest, containerId: string): ContainerState {
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

/** What each isolator's prepare() asked to keep, by isolator name. */
export function isolatorStates(ctx: ContainerizerContext, infos: LaunchInfo[]): Record<string, unknown> {
  const states: Record<string, unknown> = {};
  ctx.isolators.forEach((isolator, i) => {
    if (infos[i]?.state !== undefined) states[isolator.name] = infos[i]!.state;
  });
  return states;
}

/** The launch stopped for a destroy or its caller, and was undone: the entry stays, saying so. */
export function recordAborted(ctx: ContainerizerContext, state: ContainerState, by: 'destroy' | 'signal'): void {
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
    ctx.runDir.writeState(state);
  } catch (error) {
    ctx.logger.warn({ container: state.containerId, err: (error as Error).message }, 'cannot record the aborted launch; forgetting it');
    ctx.runDir.remove(state.containerId);
  }
}
