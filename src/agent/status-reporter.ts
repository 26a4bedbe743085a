// A task's status updates, made in order: the TaskStatus (v1 shape, fresh
// uuid and timestamp, the agent's and executor's ids), decorated by hook
// modules, recorded as the task's latest state, and handed to the status
// update manager, which checkpoints it (frameworks with checkpointing)
// before the call returns.
import { decorateStatus } from '../containerizer/hooks.js';
import type { Logger } from '../log/logger.js';
import { LabelsSchema } from '../mesos/labels.js';
import type { Reason } from '../mesos/reason.js';
import type { Source } from '../mesos/source.js';
import type { TaskState } from '../mesos/task-state.js';
import { isTerminal } from '../mesos/task-state.js';
import type { TaskStatus } from '../mesos/task-status.js';
import { createTaskStatus } from '../mesos/task-status.js';
import type { Hook } from '../modules/hook.js';
import type { AgentMetrics } from './metrics.js';
import type { AgentPaths } from './paths.js';
import type { StatusUpdateManager } from './status-updates/manager.js';
import type { AgentTask } from './task-table.js';
import { taskKey } from './task-table.js';

export interface StatusChange {
  state: TaskState;
  source: Source;
  reason?: Reason;
  message: string;
}

export interface StatusReporterDeps {
  sum: StatusUpdateManager;
  paths: AgentPaths;
  agentId(): string;
  hooks: readonly Hook[];
  metrics: AgentMetrics;
  logger: Logger;
}

export class StatusReporter {
  private readonly chains = new Map<string, Promise<void>>();

  constructor(private readonly deps: StatusReporterDeps) {}

  /** The task's next update, after every earlier one of the task is recorded. */
  report(task: AgentTask, change: StatusChange): Promise<void> {
    const key = taskKey(task.frameworkId, task.taskId);
    const done = (this.chains.get(key) ?? Promise.resolve()).then(() => this.make(task, change));
    const settled = done.catch(() => undefined);
    this.chains.set(key, settled);
    void settled.then(() => {
      if (this.chains.get(key) === settled) this.chains.delete(key);
    });
    return done;
  }

  private async make(task: AgentTask, change: StatusChange): Promise<void> {
    if (task.silent) return;
    const agentId = this.deps.agentId();
    const status = await this.decorate(
      createTaskStatus({ taskId: task.taskId, state: change.state, source: change.source, message: change.message, agentId, executorId: task.executorId, ...(change.reason && { reason: change.reason }) }),
    );
    // Shut down while the hooks had it: its framework's checkpoint is gone, and stays gone.
    if (task.silent) return;
    const wasTerminal = isTerminal(task.state);
    task.state = change.state;
    task.lastStatus = status;
    if (isTerminal(change.state) && !wasTerminal) this.deps.metrics.taskEnded(change.state);
    this.deps.logger.info({ task: task.taskId, state: change.state, source: change.source, reason: change.reason, message: change.message }, 'status update');
    const run = { agentId, frameworkId: task.frameworkId, executorId: task.executorId, containerId: task.containerId };
    await this.deps.sum.update(
      { framework_id: { value: task.frameworkId }, agent_id: { value: agentId }, executor_id: { value: task.executorId }, status },
      task.checkpoint ? this.deps.paths.taskUpdatesFile(run, task.taskId) : undefined,
    );
  }

  /** Hooks may change the labels; every other field stays as the agent made it. */
  private async decorate(status: TaskStatus): Promise<TaskStatus> {
    if (this.deps.hooks.length === 0) return status;
    const decorated = await decorateStatus(this.deps.hooks, status, this.deps.logger);
    const labels = LabelsSchema.safeParse(decorated.labels);
    if (decorated.labels === undefined || !labels.success) {
      if (decorated.labels !== undefined) this.deps.logger.warn({ task: status.task_id.value }, 'a hook returned labels that are not {"labels":[{"key","value"}]}; ignoring them');
      return status;
    }
    return { ...status, labels: labels.data };
  }
}
