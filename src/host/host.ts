// The host as the containerizer's lifecycle sees it: processes, signals,
// cgroups, mounts, the clock and the init stub. Production code gets the
// Linux host; unit tests pass a recording fake (test/helpers/fake-host.ts),
// so that destroy, recover, gc, wait and the launch phases, with their races,
// run without root. The integration tests run the real one.
import type { CgroupRef } from '../cgroups/cgroup.js';
import type { CgroupMount } from '../cgroups/mounts.js';
import type { ForkRequest, ForkedContainer } from '../launcher/linux-launcher.js';
import type { ProcessIdentity } from '../proc/identity.js';
import type { SignalOutcome } from '../proc/pidfd-signal.js';
import type { ProcStat } from '../proc/stat.js';

export interface HostCgroups {
  /** Every cgroup hierarchy mounted now. */
  mounts(): CgroupMount[];
  /** Makes the cgroup; refuses one that is frozen or holds processes. */
  create(ref: CgroupRef): void;
  /** Removes it and every cgroup below it; one already gone is fine. */
  remove(ref: CgroupRef): void;
  exists(ref: CgroupRef): boolean;
  /** Every process in it or below it. */
  processes(ref: CgroupRef): number[];
  /** Directories directly below `path` (cgroups under our root). */
  children(path: string): string[];
  /** Freezes it and waits until it is frozen (v2 or the v1 freezer); false when it cannot be. */
  freeze(ref: CgroupRef, until: number): Promise<boolean>;
  thaw(ref: CgroupRef): void;
  /** Kills everything in it at once (v2 cgroup.kill); false where there is no such control. */
  killAtOnce(ref: CgroupRef): boolean;
  /** Kills until it is empty (cgroup.kill, or freeze/kill/thaw); rejects at the deadline naming what is left. */
  kill(ref: CgroupRef, deadline: number): Promise<void>;
}

export interface Host {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Changes at every boot: a record from an earlier boot names no live process. */
  bootId(): string;
  isRoot(): boolean;
  /** This process, by pid and start time. */
  self(): ProcessIdentity;
  /** /proc/<pid>/stat, or undefined when there is no such process. */
  stat(pid: number): ProcStat | undefined;
  /** Every pid in /proc. */
  pids(): number[];
  /** The children of a process (of all its threads); empty when it is gone. */
  childrenOf(pid: number): number[];
  /** SIGKILL, SIGSTOP...: only to the process the identity names (a pidfd, checked against the start time). */
  signal(identity: ProcessIdentity, signal: NodeJS.Signals): Promise<SignalOutcome>;
  cgroups: HostCgroups;
  /** Mount points at or below `prefix`, deepest first. */
  mountsUnder(prefix: string): string[];
  unmount(mountPoint: string): Promise<void>;
  /** Starts the init stub. */
  spawnStub(request: ForkRequest): Promise<ForkedContainer>;
}

/** True while the process exists and has not exited (a zombie counts as gone). */
export function isAliveOn(host: Pick<Host, 'stat'>, identity: ProcessIdentity): boolean {
  const stat = host.stat(identity.pid);
  return stat !== undefined && stat.startTime === identity.startTime && stat.state !== 'Z' && stat.state !== 'X';
}
