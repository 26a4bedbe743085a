// Counters for /metrics/snapshot, with Mesos's names where Mesos has them.
import type { TaskState } from '../mesos/task-state.js';

const TERMINAL_COUNTERS: Partial<Record<TaskState, string>> = {
  TASK_FINISHED: 'slave/tasks_finished',
  TASK_FAILED: 'slave/tasks_failed',
  TASK_KILLED: 'slave/tasks_killed',
  TASK_LOST: 'slave/tasks_lost',
  TASK_ERROR: 'slave/tasks_error',
};

export class AgentMetrics {
  readonly startedAt = Date.now();
  private readonly counters = new Map<string, number>();

  increment(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  /** A task reached a terminal state (counted once per task). */
  taskEnded(state: TaskState): void {
    const name = TERMINAL_COUNTERS[state];
    if (name) this.increment(name);
  }

  get(name: string): number {
    return this.counters.get(name) ?? 0;
  }

  counterValues(): Record<string, number> {
    const values: Record<string, number> = {};
    for (const name of [...Object.values(TERMINAL_COUNTERS), ...this.counters.keys()]) values[name] = this.get(name);
    return values;
  }
}
