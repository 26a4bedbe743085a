// What the run directory records about a container. state.json is written by
// the containerizer; termination.json by the init stub when the container
// ends; destroyed.json when a destroy was requested.
import type { CgroupRef } from '../cgroups/cgroup.js';
import type { Resources } from '../isolators/isolator.js';
import type { CommandInfo } from '../mesos/command-info.js';
import type { ProcessIdentity } from '../proc/identity.js';

export interface ContainerState {
  containerId: string;
  /** Milliseconds since the epoch. */
  created: number;
  sandbox: string;
  /** True when the sandbox was made for this container (and is ours to remove). */
  sandboxCreated: boolean;
  isolation: string[];
  command: CommandInfo;
  user?: string;
  /** The stub's outer process, which records the termination. */
  monitor?: ProcessIdentity;
  /** The container's init: pid 1 of its pid namespace, or the task's parent. */
  init?: ProcessIdentity;
  pidNamespace?: number;
  newPidNamespace?: boolean;
  cgroup?: CgroupRef;
  /** cgroups/cpu and cgroups/mem: the controllers' cgroups, where they are not the one above. */
  resourceCgroups?: CgroupRef[];
  /** cpus and mem (MB) the container was launched with, or last updated to. */
  resources?: Resources;
  /** Labels hooks added before the launch. */
  labels?: Record<string, string>;
  /** What each isolator's prepare() asked to keep, by isolator name. */
  isolatorState: Record<string, unknown>;
  /** Cgroup removed and isolators cleaned up after the end. */
  cleanedUp?: boolean;
}

/** termination.json, as the init stub writes it. */
export interface TerminationRecord {
  exit_code: number | null;
  signal: number | null;
  finished_at: number;
  error?: { stage: string; errno: number; message: string };
}

export interface DestroyRecord {
  requested_at: number;
}
