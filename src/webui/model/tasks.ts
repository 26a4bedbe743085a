// Every task of /state in one list (active and completed, of live and
// removed frameworks), each with its framework, its agent, and when it
// started and ended.
import type { AgentJson, FrameworkJson, MasterState, TaskJson } from '../api/master-state.js';
import { TASK_STATES, isTerminal } from './task-states.js';

export interface TaskRow {
  task: TaskJson;
  framework: FrameworkJson;
  /** Undefined when the master no longer knows the agent (removed). */
  agent: AgentJson | undefined;
  /** Seconds since the epoch: its first status update. */
  startedAt: number | undefined;
  /** Seconds since the epoch: its first terminal status update. */
  endedAt: number | undefined;
}

function row(task: TaskJson, framework: FrameworkJson, agents: Map<string, AgentJson>): TaskRow {
  const times = task.statuses.map((s) => s.timestamp).filter((t): t is number => typeof t === 'number');
  const end = task.statuses.find((s) => isTerminal(s.state))?.timestamp;
  return { task, framework, agent: agents.get(task.agent_id), startedAt: times.length > 0 ? Math.min(...times) : undefined, endedAt: end };
}

export function taskRows(state: MasterState): TaskRow[] {
  const agents = new Map(state.agents.map((a) => [a.id, a]));
  const rows: TaskRow[] = [];
  for (const framework of [...state.frameworks, ...state.completed_frameworks]) {
    for (const task of [...framework.tasks, ...framework.completed_tasks]) rows.push(row(task, framework, agents));
  }
  return rows;
}

export function findTask(state: MasterState, frameworkId: string, taskId: string): TaskRow | undefined {
  return taskRows(state).find((r) => r.task.framework_id === frameworkId && r.task.id === taskId);
}

/** How many tasks of /state are in each state (every state listed, zeros included). */
export function countByState(rows: readonly TaskRow[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(TASK_STATES.map((s) => [s, 0]));
  for (const { task } of rows) counts[task.state] = (counts[task.state] ?? 0) + 1;
  return counts;
}

/** Newest first: live tasks by start, then ended ones by end. */
export function byRecency(a: TaskRow, b: TaskRow): number {
  return (b.endedAt ?? b.startedAt ?? Infinity) - (a.endedAt ?? a.startedAt ?? Infinity) || a.task.id.localeCompare(b.task.id);
}
