// Hooks: called at fixed points. A hook that throws is logged and the launch
// goes on, unless the hook says it is required.
import type { ContainerConfig } from '../isolators/isolator.js';
import type { TaskStatus } from '../mesos/task-status.js';

export interface HookLaunchAdditions {
  env?: Record<string, string>;
  labels?: Record<string, string>;
}

export interface LaunchedContainerInfo {
  containerId: string;
  sandbox: string;
  /** Host pid of the container's init. */
  pid: number;
}

/**
 * A task status update, in Mesos's v1 JSON shape (TaskStatus). A hook may
 * return it with other labels; the agent keeps every other field as it was.
 */
export type DecoratableStatus = TaskStatus;

export interface Hook {
  readonly name: string;
  /** A required hook that throws fails the launch (or the update). */
  readonly required?: boolean;
  beforeLaunch?(container: ContainerConfig): HookLaunchAdditions | undefined | void | Promise<HookLaunchAdditions | undefined | void>;
  afterLaunch?(container: LaunchedContainerInfo): void | Promise<void>;
  /** Returns the status to send (may add labels), or nothing to leave it. */
  decorateStatus?(status: DecoratableStatus): DecoratableStatus | undefined | void | Promise<DecoratableStatus | undefined | void>;
}
