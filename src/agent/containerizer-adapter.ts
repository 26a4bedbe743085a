// The agent's one use of the Containerizer library: every call goes through
// here. A kill while a task launches aborts its launch (the AbortSignal of
// ContainerLaunch): the launch stops at its next step, undoes what it made,
// and rejects with LAUNCH_ABORTED. A memory limit the stub recorded reaches
// us as Termination.limitation, for re-attached containers too.
import { Containerizer } from '../containerizer/containerizer.js';
import type { ContainerizerOptions } from '../containerizer/options.js';
import type { ContainerStatus } from '../containerizer/status.js';
import type { Termination } from '../containerizer/termination.js';
import { errnoCode } from '../errors.js';
import type { Resources } from '../isolators/isolator.js';
import type { CommandInfo } from '../mesos/command-info.js';
import type { ContainerInfo } from '../mesos/container-info.js';

export interface ContainerLaunch {
  containerId: string;
  command: CommandInfo;
  containerInfo?: ContainerInfo;
  resources: Resources;
  sandbox: string;
  user?: string;
  env: Record<string, string>;
  /** The container ends with the agent (frameworks without checkpointing). */
  dieWithAgent: boolean;
  /** Aborted: the launch stops before the task is released (LAUNCH_ABORTED). */
  signal?: AbortSignal;
}

export class ContainerizerAdapter {
  private readonly containerizer: Containerizer;

  constructor(options: ContainerizerOptions) {
    this.containerizer = new Containerizer(options);
  }

  /** Throws what the isolation needs and this machine lacks. */
  preflight(): void {
    this.containerizer.preflight();
  }

  /** Resolves once the task runs, with its end to come. */
  async launch(launch: ContainerLaunch): Promise<{ ended: Promise<Termination> }> {
    const launched = await this.containerizer.launch({
      containerId: launch.containerId,
      command: launch.command,
      directory: launch.sandbox,
      env: launch.env,
      resources: launch.resources,
      dieWithParent: launch.dieWithAgent,
      ...(launch.user !== undefined && { user: launch.user }),
      ...(launch.containerInfo && { containerInfo: launch.containerInfo }),
      ...(launch.signal && { signal: launch.signal }),
    });
    return { ended: launched.exited };
  }

  /** The end of a container this agent did not launch in this run (after a restart). */
  wait(containerId: string): Promise<Termination> {
    return this.containerizer.wait(containerId);
  }

  /** Undefined for a container the containerizer does not know (never started). */
  status(containerId: string): ContainerStatus | undefined {
    try {
      return this.containerizer.status(containerId);
    } catch (error) {
      if (errnoCode(error) === 'UNKNOWN_CONTAINER') return undefined;
      throw error;
    }
  }

  /** How many processes the container holds (its init, and the task once it was released). */
  processCount(containerId: string): number {
    try {
      return this.containerizer.processes(containerId).length;
    } catch {
      return 0;
    }
  }

  signal(containerId: string, signal: NodeJS.Signals): Promise<'sent' | 'gone'> {
    return this.containerizer.signal(containerId, signal);
  }

  async destroy(containerId: string): Promise<Termination> {
    return (await this.containerizer.destroy(containerId)).termination;
  }

  /** Forgets an ended container's run-directory entry (the sandbox, made by the agent, stays). */
  async forget(containerId: string): Promise<void> {
    await this.containerizer.gc({ containerId });
  }

  /**
   * At start-up, before any launch: cleans up after containers that ended
   * unwatched, and kills and removes cgroups and mounts under our root that
   * belong to no container (a launch cut off before its state was written).
   * The agent owns its runtime directory and cgroup root: nothing else's is
   * touched. A launch cut off by the agent's death (abandoned: its claim
   * record says launching) is freed entirely, its entry included.
   */
  async cleanupLeftovers(): Promise<string[]> {
    return (await this.containerizer.recover({ cleanup: true })).errors;
  }

  containers(): ContainerStatus[] {
    return this.containerizer.containers();
  }

  close(): void {
    this.containerizer.close();
  }
}
