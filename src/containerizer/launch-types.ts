// What a launch takes and what it gives back.
import type { Resources } from '../isolators/isolator.js';
import type { CommandInfo } from '../mesos/command-info.js';
import type { ContainerInfo } from '../mesos/container-info.js';
import type { Termination } from './termination.js';

export interface LaunchRequest {
  containerId: string;
  command: CommandInfo;
  /** Added to the task's environment, over everything but MESOS_*. */
  env?: Record<string, string>;
  /** Run the task as this user; defaults to command.user, else root. */
  user?: string;
  /** The sandbox itself (Mesos's --directory); default <work_dir>/containers/<id>. */
  directory?: string;
  containerInfo?: ContainerInfo;
  resources?: Resources;
  /** 'inherit': the task shares our stdin/stdout/stderr; 'sandbox' (default): files in the sandbox. */
  stdio?: 'inherit' | 'sandbox';
  /**
   * The container ends when this process ends, however it ends (kill -9
   * included): the stub is told to watch its parent. Mesos's fate for the
   * tasks of a framework without checkpointing.
   */
  dieWithParent?: boolean;
  /**
   * Stops the launch, as a destroy would, until the task is released: what
   * was made is undone, the container's record says it was destroyed during
   * launch, and launch() rejects with LAUNCH_ABORTED. Once the task runs,
   * use destroy().
   */
  signal?: AbortSignal;
}

export interface LaunchedContainer {
  containerId: string;
  /** Host pid of the container's init. */
  pid: number;
  startTime: number;
  pidNamespace: number;
  sandbox: string;
  /** Resolves when the container has ended and been cleaned up. */
  exited: Promise<Termination>;
  /** Sends a signal to the task, through the container's init. */
  signal(signal: NodeJS.Signals): void;
  /** Stops following the container: this process may exit while it runs. */
  detach(): void;
}
