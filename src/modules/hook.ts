// Hooks: called at fixed points. A hook that throws is logged and the launch
// goes on, unless the hook says it is required.
import type { ContainerConfig } from '../isolators/isolator.js';

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

/** The part of a task status update a hook may decorate. */
export interface DecoratableStatus {
  task_id: string;
  state: string;
  labels?: Array<{ key: string; value: string }>;
  [field: string]: unknown;
}

export interface Hook {
  readonly name: string;
  /** A required hook that throws fails the launch (or the update). */
  readonly required?: boolean;
  beforeLaunch?(container: ContainerConfig): HookLaunchAdditions | undefined | void | Promise<HookLaunchAdditions | undefined | void>;
  afterLaunch?(container: LaunchedContainerInfo): void | Promise<void>;
  /** Returns the status to send (may add labels), or nothing to leave it. */
  decorateStatus?(status: DecoratableStatus): DecoratableStatus | undefined | void | Promise<DecoratableStatus | undefined | void>;
}
