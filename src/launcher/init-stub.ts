// The init stub's location and its command line (bubblewrap-style words).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ContainerizerError } from '../errors.js';
import type { CapabilitySets, MountSpec, Namespace } from '../isolators/launch-info.js';

export const STATUS_FD = 3;
export const SYNC_FD = 4;
/** The task's environment, NAME=VALUE\0 entries: the stub itself runs with an empty one. */
export const ENV_FD = 5;
const BINARY = 'mesos-containerizer-init';
/** Linked dynamically: it can look up user names through NSS (--user). */
const NSS_BINARY = `${BINARY}-nss`;

const located = new Map<string, string>();

/**
 * The stub's path. `lookUpUsers`: the build that resolves user names (the
 * default one is static, see native-bindings/build.mjs).
 * MESOS_CONTAINERIZER_INIT names one build for everything.
 */
export function initStubPath(lookUpUsers = false): string {
  const binary = lookUpUsers ? NSS_BINARY : BINARY;
  const known = located.get(binary);
  if (known) return known;
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    process.env.MESOS_CONTAINERIZER_INIT,
    join(here, '../../native-bindings/build', binary), // src/launcher (tsx)
    join(here, '../../../native-bindings/build', binary), // dist/src/launcher
  ].filter((c): c is string => Boolean(c));
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    throw new ContainerizerError(
      'INIT_STUB_MISSING',
      `the init stub ${binary} is not built (looked in ${candidates.join(', ')}): run \`npm ci\` or \`node native-bindings/build.mjs\``,
    );
  }
  located.set(binary, found);
  return found;
}

/** The build that runs this command line: with --user (before the program), the one that looks up users. */
export function initStubFor(args: readonly string[]): string {
  const end = args.indexOf('--');
  return initStubPath((end < 0 ? args : args.slice(0, end)).includes('--user'));
}

/** A launch the CLI handed over to the stub (native-bindings/init-stub/hand_over.c). */
export interface HandOverPlan {
  containerId: string;
  /** The record (state.json) the stub writes, naming the init, before it releases the task. */
  record: string;
  /** Holds that record, but for the init and monitor. */
  recordTemplateFd: number;
  /** destroyed.json: when it exists by then, the task is not released. */
  destroyRequest: string;
  /** The container's lock, held until the task runs. */
  lockFd: number;
  /** What to exec when the launch fails before the task runs. */
  handBackFd: number;
  envFd: number;
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
  /** A memory cgroup whose first OOM kill the stub records as the limitation, then ends the container. */
  oomCgroup?: string;
  namespaces: ReadonlySet<Namespace>;
  mounts: MountSpec[];
  workingDirectory: string;
  user?: string;
  /** linux/capabilities: the task's sets, as capability numbers. */
  capabilities?: CapabilitySets;
  noNewPrivileges?: boolean;
  program: string;
  argv0: string;
  args: string[];
  sync: boolean;
  /** Our pid: the stub kills the container when we die. */
  dieWithParent?: number;
  /** Test-only: the monitor waits this long after recording the end (MONITOR_LINGER_ENV). */
  testLingerMs?: number;
  /** Handed over: no caller reads a status fd or releases the task; the stub does both. */
  handOver?: HandOverPlan;
}

export interface EnterPlan {
  init: { pid: number; startTime: number };
  cloneIntoCgroup?: string;
  /** Every cgroup the container's processes are in, but the one above. */
  cgroups: string[];
  workingDirectory: string;
  user?: string;
  /** The container's capabilities and no_new_privs apply to the entered process too. */
  capabilities?: CapabilitySets;
  noNewPrivileges?: boolean;
  program: string;
  args: string[];
}

function privilegeArguments(plan: { capabilities?: CapabilitySets; noNewPrivileges?: boolean }): string[] {
  const args: string[] = [];
  const { capabilities } = plan;
  if (capabilities?.effective) args.push('--cap-effective', capabilities.effective.join(','));
  if (capabilities?.bounding) args.push('--cap-bounding', capabilities.bounding.join(','));
  if (plan.noNewPrivileges) args.push('--no-new-privs');
  return args;
}

/** The stub's command line to run a program in an existing container. */
export function enterArguments(plan: EnterPlan): string[] {
  const args = ['--status-fd', String(STATUS_FD), '--env-fd', String(ENV_FD), '--enter-pid', String(plan.init.pid), '--enter-start-time', String(plan.init.startTime)];
  if (plan.cloneIntoCgroup) args.push('--clone-into-cgroup', plan.cloneIntoCgroup);
  for (const dir of plan.cgroups) args.push('--cgroup', dir);
  args.push('--chdir', plan.workingDirectory);
  if (plan.user) args.push('--user', plan.user);
  args.push(...privilegeArguments(plan));
  args.push('--', plan.program, ...plan.args);
  return args;
}

function handOverArguments(plan: HandOverPlan): string[] {
  return [
    '--env-fd', String(plan.envFd),
    '--container-id', plan.containerId,
    '--record', plan.record,
    '--record-template-fd', String(plan.recordTemplateFd),
    '--destroy-request', plan.destroyRequest,
    '--lock-fd', String(plan.lockFd),
    '--hand-back-fd', String(plan.handBackFd),
  ];
}

/**
 * Test-only: the monitor of each container launched from this process stays
 * this many milliseconds (at most 5000) after it recorded the end, as a slow
 * fsync on a busy host makes it stay.
 */
export const MONITOR_LINGER_ENV = 'MESOS_CONTAINERIZER_TEST_MONITOR_LINGER_MS';

export function testMonitorLingerMs(): number | undefined {
  const ms = Number(process.env[MONITOR_LINGER_ENV]);
  return Number.isInteger(ms) && ms > 0 ? Math.min(ms, 5000) : undefined;
}

export function stubArguments(plan: StubPlan): string[] {
  const args = plan.handOver ? handOverArguments(plan.handOver) : ['--status-fd', String(STATUS_FD), '--env-fd', String(ENV_FD)];
  args.push('--exit-file', plan.exitFile);
  if (plan.sync && !plan.handOver) args.push('--sync-fd', String(SYNC_FD));
  if (plan.dieWithParent) args.push('--die-with-parent', String(plan.dieWithParent));
  if (plan.testLingerMs) args.push('--test-linger-ms', String(plan.testLingerMs));
  if (plan.cloneIntoCgroup) args.push('--clone-into-cgroup', plan.cloneIntoCgroup);
  for (const dir of plan.cgroups) args.push('--cgroup', dir);
  for (const dir of plan.resourceCgroups) args.push('--resource-cgroup', dir);
  if (plan.keepCgroups) args.push('--keep-cgroups');
  if (plan.oomCgroup) args.push('--oom-cgroup', plan.oomCgroup);
  if (plan.namespaces.has('pid')) args.push('--unshare-pid');
  if (plan.namespaces.has('mount')) args.push('--unshare-mount');
  for (const mount of plan.mounts) {
    if (mount.type === 'proc') args.push('--proc', mount.target);
    else args.push(mount.readOnly ? '--ro-bind' : '--bind', mount.source, mount.target);
  }
  args.push('--chdir', plan.workingDirectory);
  if (plan.user) args.push('--user', plan.user, '--chown-tree', plan.workingDirectory);
  if (plan.argv0 !== plan.program) args.push('--argv0', plan.argv0);
  args.push(...privilegeArguments(plan));
  args.push('--', plan.program, ...plan.args);
  return args;
}
