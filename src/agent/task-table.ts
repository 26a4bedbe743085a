// What the agent knows of its frameworks and tasks, in memory. A task is
// live until its terminal update is acknowledged; then it is completed and
// kept (a bounded number of them) only for /state and the sandbox files.
import type { FrameworkInfo } from '../mesos/framework-info.js';
import type { Resource } from '../mesos/resources/resource.js';
import type { TaskInfo } from '../mesos/task-info.js';
import type { TaskState } from '../mesos/task-state.js';
import type { TaskStatus } from '../mesos/task-status.js';

export type Framework = FrameworkInfo & { id: { value: string } };

export type TaskPhase = 'staging' | 'launching' | 'running' | 'ended';

export interface AgentTask {
  frameworkId: string;
  taskId: string;
  /** A command task's executor is the agent itself, named after the task (as in Mesos). */
  executorId: string;
  containerId: string;
  name: string;
  /** Undefined for a task refused before it parsed. */
  info: TaskInfo | undefined;
  resources: Resource[];
  checkpoint: boolean;
  sandbox: string;
  /** The latest state (updates may still be on their way to the master). */
  state: TaskState;
  lastStatus: TaskStatus | undefined;
  phase: TaskPhase;
  killRequested: boolean;
  /** Its framework or the agent was shut down: it ends without updates. */
  silent?: boolean;
}

const MAX_COMPLETED = 1000;

export const taskKey = (frameworkId: string, taskId: string): string => `${frameworkId}\u0000${taskId}`;

/** Told when a task becomes live and when it no longer is. */
export interface LiveTaskWatcher {
  added(task: AgentTask): void;
  removed(task: AgentTask): void;
}

export class TaskTable {
  readonly frameworks = new Map<string, Framework>();
  private readonly live = new Map<string, AgentTask>();
  private readonly completed: AgentTask[] = [];
  private readonly completedKeys = new Set<string>();

  constructor(private readonly watcher?: LiveTaskWatcher) {}

  get(frameworkId: string, taskId: string): AgentTask | undefined {
    return this.live.get(taskKey(frameworkId, taskId));
  }

  add(task: AgentTask): void {
    this.dropLive(task);
    this.live.set(taskKey(task.frameworkId, task.taskId), task);
    this.watcher?.added(task);
  }

  /** The task's terminal update was acknowledged. */
  complete(task: AgentTask): void {
    this.dropLive(task);
    this.addCompleted(task);
    if (![...this.live.values()].some((t) => t.frameworkId === task.frameworkId)) this.frameworks.delete(task.frameworkId);
  }

  /** A task found completed at recovery. */
  addCompleted(task: AgentTask): void {
    this.completed.push(task);
    this.completedKeys.add(taskKey(task.frameworkId, task.taskId));
    if (this.completed.length > MAX_COMPLETED) {
      const old = this.completed.shift()!;
      this.completedKeys.delete(taskKey(old.frameworkId, old.taskId));
    }
  }

  /** One of the last completed tasks (their terminal update acknowledged). */
  isCompleted(frameworkId: string, taskId: string): boolean {
    return this.completedKeys.has(taskKey(frameworkId, taskId));
  }

  remove(task: AgentTask): void {
    this.dropLive(task);
  }

  private dropLive(task: AgentTask): void {
    const key = taskKey(task.frameworkId, task.taskId);
    const known = this.live.get(key);
    if (!known) return;
    this.live.delete(key);
    this.watcher?.removed(known);
  }

  liveTasks(): AgentTask[] {
    return [...this.live.values()];
  }

  completedTasks(): readonly AgentTask[] {
    return this.completed;
  }

  ofFramework(frameworkId: string): AgentTask[] {
    return this.liveTasks().filter((t) => t.frameworkId === frameworkId);
  }

  /** Every sandbox the files API may show: live and completed tasks'. */
  sandboxes(): string[] {
    return [...this.liveTasks(), ...this.completed].map((t) => t.sandbox);
  }
}
