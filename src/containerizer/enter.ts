// enter: a program inside a running container's pid and mount namespaces,
// cgroup and sandbox, with its environment and (by default) its user. The
// init stub does the setns; the entered process dies with the container.
import { readFileSync } from 'node:fs';

import { ContainerizerError } from '../errors.js';
import type { CapabilitiesState } from '../isolators/linux-capabilities/isolator.js';
import { privilegesOf } from '../isolators/linux-capabilities/isolator.js';
import { enterArguments } from '../launcher/init-stub.js';
import { decodeEnvironment } from '../launcher/env-block.js';
import { forkContainer } from '../launcher/linux-launcher.js';
import type { ContainerizerContext } from './context.js';
import { readTaskEnvironment } from './task-env-file.js';
import { requireRecord, viewContainer } from './view.js';

export interface EnterRequest {
  /** Default: a shell. */
  argv?: string[];
  user?: string;
}

export interface EnteredProcess {
  /** Host pid of the entered process. */
  pid: number;
  exited: Promise<{ exit_code: number | null; signal: number | null }>;
  signal(signal: NodeJS.Signals): void;
}

export const DEFAULT_ENTER_PROGRAM = ['/bin/sh'];

/**
 * The container's environment, as its task was given it: from its run
 * directory, or, for a container launched before that file was kept, from
 * its init (which then still carried it). Either way it is data here, handed
 * to the stub on its env fd, never the stub's own environment.
 */
function environmentOf(ctx: ContainerizerContext, id: string, pid: number): Record<string, string> {
  const env = readTaskEnvironment(ctx.runDir, id) ?? decodeEnvironment(readFileSync(`/proc/${pid}/environ`));
  if (process.env.TERM) env.TERM = process.env.TERM;
  return env;
}

export async function enterContainer(ctx: ContainerizerContext, id: string, request: EnterRequest): Promise<EnteredProcess> {
  const { state, phase } = requireRecord(viewContainer(ctx, id));
  if (phase !== 'running' || !state.init) {
    throw new ContainerizerError('CONTAINER_NOT_RUNNING', `container '${id}' is not running (${phase}): there is nothing to enter`);
  }
  const [program = '/bin/sh', ...args] = request.argv?.length ? request.argv : DEFAULT_ENTER_PROGRAM;
  const user = request.user ?? state.user;
  const forked = await forkContainer({
    containerId: id,
    sync: false,
    detached: false,
    stdio: { kind: 'inherit' },
    env: environmentOf(ctx, id, state.init.pid),
    args: enterArguments({
      init: state.init,
      ...(state.cgroup?.version === 2 && { cloneIntoCgroup: state.cgroup.path }),
      cgroups: [...(state.cgroup?.version === 1 ? [state.cgroup.path] : []), ...(state.resourceCgroups ?? []).map((cg) => cg.path)],
      workingDirectory: state.sandbox,
      ...(user !== undefined && { user }),
      ...privilegesOf(state.isolatorState['linux/capabilities'] as CapabilitiesState | undefined),
      program,
      args,
    }),
  });
  await forked.running;
  return {
    pid: forked.init.pid,
    exited: forked.exited.then(({ exit_code, signal }) => ({ exit_code, signal })),
    signal: (signal) => forked.signalMonitor(signal),
  };
}
