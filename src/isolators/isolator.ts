// The isolator contract, shared by the built-ins and by modules (Mesos's
// Isolator, without its shell strings). Every hook is optional.
import type { CgroupRef } from '../cgroups/cgroup.js';
import type { Logger } from '../log/logger.js';
import type { CommandInfo } from '../mesos/command-info.js';
import type { ContainerInfo } from '../mesos/container-info.js';
import type { LaunchInfo } from './launch-info.js';

/** A task's resources: cpus, and mem in MB (as Mesos counts them). */
export interface Resources {
  cpus?: number;
  mem?: number;
}

export interface ContainerConfig {
  containerId: string;
  sandbox: string;
  command: CommandInfo;
  user?: string;
  containerInfo?: ContainerInfo;
  resources?: Resources;
  /** The container's own cgroup (made before prepare; every process is in it). */
  cgroup: CgroupRef;
  logger: Logger;
}

/** A resource the container went past: it is destroyed, and its end says why. */
export interface Limitation {
  /** 'mem', 'cpus' (Mesos's resource names). */
  resource: string;
  message: string;
}

/** What a later process knows of a container: enough for cleanup and status. */
export interface ContainerSnapshot {
  containerId: string;
  sandbox: string;
  /** What this isolator's prepare() returned as `state`. */
  state: unknown;
  logger: Logger;
}

export interface Isolator {
  readonly name: string;
  /** Before the container exists: return namespaces, mounts and env it needs. */
  prepare?(container: ContainerConfig): LaunchInfo | undefined | Promise<LaunchInfo | undefined>;
  /** The container's init exists (pid on the host) but the task has not started. */
  isolate?(container: ContainerConfig, pid: number): void | Promise<void>;
  /** All the container's processes are gone. Must be idempotent. */
  cleanup?(container: ContainerSnapshot): void | Promise<void>;
  /** New resources for a running container (Mesos's update). */
  update?(container: ContainerSnapshot, resources: Resources): void | Promise<void>;
  /**
   * A limit the container hit. Checked when it ends, and polled while this
   * process follows it, unless prepare() gave an oomCgroup for the init stub
   * to watch (cgroups/mem does: a detached container is watched too).
   */
  limitation?(container: ContainerSnapshot): Limitation | undefined;
}
