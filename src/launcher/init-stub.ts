// The init stub's location and its command line (bubblewrap-style words).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ContainerizerError } from '../errors.js';
import type { MountSpec, Namespace } from '../isolators/launch-info.js';

export const STATUS_FD = 3;
export const SYNC_FD = 4;
const BINARY = 'mesos-containerizer-init';

let located: string | undefined;
export function initStubPath(): string {
  if (located) return located;
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    process.env.MESOS_CONTAINERIZER_INIT,
    join(here, '../../native-bindings/build', BINARY), // src/launcher (tsx)
    join(here, '../../../native-bindings/build', BINARY), // dist/src/launcher
  ].filter((c): c is string => Boolean(c));
  located = candidates.find((c) => existsSync(c));
  if (!located) {
    throw new ContainerizerError(
      'INIT_STUB_MISSING',
      `the init stub ${BINARY} is not built (looked in ${candidates.join(', ')}): run \`npm ci\` or \`node native-bindings/build.mjs\``,
    );
  }
  return located;
}

export interface StubPlan {
  exitFile: string;
  /** A cgroup v2 the init is created in (no migration). */
  cloneIntoCgroup?: string;
  /** Cgroups the init joins by migration (v1 hierarchies). */
  cgroups: string[];
  /** Joined the same way, but left for the containerizer to remove (it reads their counters first). */
  resourceCgroups: string[];
  /** Leave the cgroups above in place too when the container ends. */
  keepCgroups?: boolean;
  namespaces: ReadonlySet<Namespace>;
  mounts: MountSpec[];
  workingDirectory: string;
  user?: string;
  program: string;
  argv0: string;
  args: string[];
  sync: boolean;
  /** Our pid: the stub kills the container when we die. */
  dieWithParent?: number;
}

export interface EnterPlan {
  init: { pid: number; startTime: number };
  cloneIntoCgroup?: string;
  /** Every cgroup the container's processes are in, but the one above. */
  cgroups: string[];
  workingDirectory: string;
  user?: string;
  program: string;
  args: string[];
}

/** The stub's command line to run a program in an existing container. */
export function enterArguments(plan: EnterPlan): string[] {
  const args = ['--status-fd', String(STATUS_FD), '--enter-pid', String(plan.init.pid), '--enter-start-time', String(plan.init.startTime)];
  if (plan.cloneIntoCgroup) args.push('--clone-into-cgroup', plan.cloneIntoCgroup);
  for (const dir of plan.cgroups) args.push('--cgroup', dir);
  args.push('--chdir', plan.workingDirectory);
  if (plan.user) args.push('--user', plan.user);
  args.push('--', plan.program, ...plan.args);
  return args;
}

export function stubArguments(plan: StubPlan): string[] {
  const args = ['--status-fd', String(STATUS_FD), '--exit-file', plan.exitFile];
  if (plan.sync) args.push('--sync-fd', String(SYNC_FD));
  if (plan.dieWithParent) args.push('--die-with-parent', String(plan.dieWithParent));
  if (plan.cloneIntoCgroup) args.push('--clone-into-cgroup', plan.cloneIntoCgroup);
  for (const dir of plan.cgroups) args.push('--cgroup', dir);
  for (const dir of plan.resourceCgroups) args.push('--resource-cgroup', dir);
  if (plan.keepCgroups) args.push('--keep-cgroups');
  if (plan.namespaces.has('pid')) args.push('--unshare-pid');
  if (plan.namespaces.has('mount')) args.push('--unshare-mount');
  for (const mount of plan.mounts) {
    if (mount.type === 'proc') args.push('--proc', mount.target);
    else args.push(mount.readOnly ? '--ro-bind' : '--bind', mount.source, mount.target);
  }
  args.push('--chdir', plan.workingDirectory);
  if (plan.user) args.push('--user', plan.user, '--chown-tree', plan.workingDirectory);
  if (plan.argv0 !== plan.program) args.push('--argv0', plan.argv0);
  args.push('--', plan.program, ...plan.args);
  return args;
}
