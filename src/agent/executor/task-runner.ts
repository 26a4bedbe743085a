// The command executor's part, which the agent plays itself for each
// command task: TASK_STARTING, the container's launch, TASK_RUNNING once the
// command runs, and the terminal update when it ends. A kill sends SIGTERM
// to the task, waits the grace period, then destroys the container; a kill
// while the container launches aborts the launch, which stops at its next
// step (a fetch at once) and undoes what it made.
import type { Termination } from '../../containerizer/termination.js';
import { errnoCode, messageOf } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { ContainerLaunch, ContainerizerAdapter } from '../containerizer-adapter.js';
import type { StatusChange } from '../status-reporter.js';
import type { AgentTask } from '../task-table.js';
import { outcomeOf } from './outcome.js';

export interface RunnerHost {
  containers: ContainerizerAdapter;
  report(task: AgentTask, change: StatusChange): Promise<void>;
  logger: Logger;
}

const KILLED_BEFORE_LAUNCH: StatusChange = {
  state: 'TASK_KILLED',
  source: 'SOURCE_AGENT',
  reason: 'REASON_TASK_KILLED_DURING_LAUNCH',
  message: 'Task killed before it was launched',
};
const KILLED_DURING_LAUNCH: StatusChange = { ...KILLED_BEFORE_LAUNCH, message: 'Task killed while its container was launching' };

export class TaskRunner {
  private graceTimer: NodeJS.Timeout | undefined;
  private finished = false;
  /** While the container launches: a kill aborts the launch. */
  private launching: AbortController | undefined;
  /** The container's launch, once asked for: a destroy waits for it to stop. */
  private launchCall: Promise<unknown> | undefined;
  /** Resolves once the terminal update is recorded. */
  readonly done: Promise<void>;
  private markDone!: () => void;

  constructor(
    private readonly host: RunnerHost,
    readonly task: AgentTask,
    private readonly graceMs: number,
  ) {
    this.done = new Promise((resolve) => (this.markDone = resolve));
  }

  /** Resolves once the task runs (or ended before); its end is followed after. */
  async launch(launch: ContainerLaunch): Promise<void> {
    const { task } = this;
    if (task.killRequested) return this.finish(KILLED_BEFORE_LAUNCH);
    task.phase = 'launching';
    await this.host.report(task, { state: 'TASK_STARTING', source: 'SOURCE_EXECUTOR', message: '' });
    if (task.killRequested) return this.finish(KILLED_BEFORE_LAUNCH);
    let ended: Promise<Termination>;
    this.launching = new AbortController();
    try {
      const call = this.host.containers.launch({ ...launch, signal: this.launching.signal });
      this.launchCall = call;
      ({ ended } = await call);
    } catch (error) {
      // LAUNCH_ABORTED: our abort stopped it (or a destroy did); either way the task never ran.
      if (task.killRequested || errnoCode(error) === 'LAUNCH_ABORTED') return this.finish(KILLED_DURING_LAUNCH);
      return this.finish({ state: 'TASK_FAILED', source: 'SOURCE_AGENT', reason: 'REASON_CONTAINER_LAUNCH_FAILED', message: messageOf(error) });
    } finally {
      this.launching = undefined;
    }
    // The kill came after the launch's last step: the task runs, and is destroyed.
    if (task.killRequested) {
      await this.host.containers.destroy(task.containerId).catch((error) => this.host.logger.error({ task: task.taskId, err: messageOf(error) }, 'destroying a container killed during its launch failed'));
      return this.finish(KILLED_DURING_LAUNCH);
    }
    task.phase = 'running';
    await this.host.report(task, { state: 'TASK_RUNNING', source: 'SOURCE_EXECUTOR', message: '' });
    void this.follow(ended).catch((error) => this.host.logger.error({ task: task.taskId, err: messageOf(error) }, 'reporting the end of a task failed'));
  }

  /** After an agent restart: a container that is still there (or has ended meanwhile). */
  async reattach(announceRunning: boolean): Promise<void> {
    const { task } = this;
    task.phase = 'running';
    if (announceRunning) await this.host.report(task, { state: 'TASK_RUNNING', source: 'SOURCE_EXECUTOR', message: '' });
    await this.follow(this.host.containers.wait(task.containerId));
  }

  /** SIGTERM, then the grace period, then destroy. During the launch: the launch is aborted, and launch() reports. */
  async kill(graceMs = this.graceMs): Promise<void> {
    const { task } = this;
    if (this.finished || task.killRequested) return;
    task.killRequested = true;
    this.launching?.abort();
    if (task.phase !== 'running') return;
    this.graceTimer = setTimeout(() => void this.destroy(), graceMs);
    const sent = await this.host.containers.signal(task.containerId, 'SIGTERM').catch(() => 'gone' as const);
    if (sent === 'gone') this.stopGrace();
  }

  /**
   * Ends the container now (a framework shut down, the agent told to). A
   * task not launched yet never will be; a launch under way stops at its
   * next step and undoes what it made, and is waited for: its container is
   * not claimed yet, perhaps, and nothing else would end it.
   */
  async destroy(): Promise<void> {
    this.stopGrace();
    this.task.killRequested = true;
    this.launching?.abort();
    await this.launchCall?.catch(() => undefined);
    try {
      await this.host.containers.destroy(this.task.containerId);
    } catch (error) {
      if (errnoCode(error) === 'UNKNOWN_CONTAINER') return; // never launched: nothing to end
      this.host.logger.error({ task: this.task.taskId, container: this.task.containerId, err: messageOf(error) }, 'destroying a task container failed');
    }
  }

  private async follow(ended: Promise<Termination>): Promise<void> {
    let change: StatusChange;
    try {
      change = outcomeOf(await ended, this.task.killRequested);
    } catch (error) {
      change = { state: 'TASK_FAILED', source: 'SOURCE_AGENT', reason: 'REASON_EXECUTOR_TERMINATED', message: `Abnormal executor termination: ${messageOf(error)}` };
    }
    await this.finish(change);
  }

  private async finish(change: StatusChange): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.stopGrace();
    this.task.phase = 'ended';
    try {
      await this.host.report(this.task, change);
    } finally {
      this.markDone();
    }
  }

  private stopGrace(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
  }
}
