// The master's counters, with Mesos's metric names (which still say "slave").
// Task gauges (staging, starting, running) follow each task's state; terminal
// states are counters, also split by source and reason as Mesos 0.22 does:
// master/task_lost/source_master/reason_agent_removed.
import type { Reason } from '../mesos/reason.js';
import type { Source } from '../mesos/source.js';
import type { TaskState } from '../mesos/task-state.js';
import { isTerminal } from '../mesos/task-state.js';

const metricState = (state: TaskState): string => state.toLowerCase().replace(/^task_/, '');

export class Metrics {
  private readonly counters = new Map<string, number>();
  private readonly live = new Map<TaskState, number>();

  increment(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  /** A task entered the master's books (launched, or learned from an agent) in `state`. */
  taskAdded(state: TaskState): void {
    if (!isTerminal(state)) this.live.set(state, (this.live.get(state) ?? 0) + 1);
  }

  /** A task left the master's books while still in `state` (its framework or agent went away). */
  taskForgotten(state: TaskState): void {
    if (!isTerminal(state)) this.live.set(state, (this.live.get(state) ?? 1) - 1);
  }

  taskChanged(from: TaskState, to: TaskState, source: Source | undefined, reason: Reason | undefined): void {
    if (from === to) return;
    this.taskForgotten(from);
    if (!isTerminal(to)) {
      this.taskAdded(to);
      return;
    }
    this.taskEnded(to, source, reason);
  }

  /** A terminal state reached, also by tasks the master never kept (TASK_ERROR, invalid offers). */
  taskEnded(state: TaskState, source: Source | undefined, reason: Reason | undefined): void {
    this.increment(`master/tasks_${metricState(state)}`);
    if (source && reason) this.increment(`master/task_${metricState(state)}/${source.toLowerCase()}/${reason.toLowerCase()}`);
  }

  liveTasks(state: TaskState): number {
    return this.live.get(state) ?? 0;
  }

  snapshot(gauges: Record<string, number>): Record<string, number> {
    const out: Record<string, number> = { ...gauges };
    for (const state of ['TASK_STAGING', 'TASK_STARTING', 'TASK_RUNNING'] as const) out[`master/tasks_${metricState(state)}`] = this.liveTasks(state);
    for (const state of ['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_LOST', 'TASK_ERROR'] as const) out[`master/tasks_${metricState(state)}`] = 0;
    for (const [name, value] of this.counters) out[name] = value;
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
  }
}
