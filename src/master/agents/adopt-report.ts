// What a re-registering agent reports, merged into the master's books (Mesos's
// Master::reconcile, §2.3): frameworks and tasks the master did not know are
// added (after a master restart, that is all of them); tasks the master has
// on this agent that the agent did not report are sent back to it as
// reconciliation requests, and the agent answers TASK_LOST for those it does
// not know; tasks of frameworks removed meanwhile are not taken back.
import type { FrameworkInfo } from '../../mesos/framework-info.js';
import { normalizeResources } from '../../mesos/resources/arithmetic.js';
import type { Resource } from '../../mesos/resources/resource.js';
import { isTerminal } from '../../mesos/task-state.js';
import type { Task } from '../../mesos/task.js';
import { createTaskStatus } from '../../mesos/task-status.js';
import type { Reconciliation } from '../../mesos/wire/to-agent.js';
import type { ReregisterAgent } from '../../mesos/wire/to-master.js';
import type { MasterContext } from '../context.js';
import { startFailoverTimer } from '../frameworks/disconnect.js';
import type { AgentRecord } from '../state/agent.js';
import { newFramework } from '../state/framework.js';
import type { TaskRecord } from '../state/task.js';
import { recordStatus, reportedState, taskKey } from '../state/task.js';
import { addTask } from '../tasks/task-book.js';

export interface Adopted {
  reconciliations: Reconciliation[];
  /** Frameworks with tasks on the agent that were removed: the agent is told to shut them down. */
  removedFrameworks: string[];
  /** What the agent's live tasks hold, by framework. */
  used: Record<string, Resource[]>;
}

export function adoptReport(ctx: MasterContext, agent: AgentRecord, report: ReregisterAgent): Adopted {
  const removed = new Set<string>();
  const infos = new Map(report.frameworks.map((f) => [f.id.value, f as FrameworkInfo]));
  const reported = new Set<string>();
  for (const reportedTask of report.tasks) {
    const frameworkId = reportedTask.framework_id.value;
    if (!knowFramework(ctx, frameworkId, infos.get(frameworkId), removed)) continue;
    const key = taskKey(frameworkId, reportedTask.task_id.value);
    reported.add(key);
    const known = agent.tasks.get(key);
    if (known) refresh(ctx, known, reportedTask);
    else adopt(ctx, agent, reportedTask);
  }

  const byFramework = new Map<string, Reconciliation>();
  const used: Record<string, Resource[]> = {};
  for (const [key, task] of agent.tasks) {
    if (!isTerminal(task.state)) (used[task.frameworkId] ??= []).push(...task.resources);
    if (reported.has(key)) continue;
    const entry = byFramework.get(task.frameworkId) ?? { framework_id: { value: task.frameworkId }, statuses: [] };
    entry.statuses.push(
      createTaskStatus({ taskId: task.taskId, state: reportedState(task), source: 'SOURCE_MASTER', reason: 'REASON_RECONCILIATION', message: 'Reconciliation request', agentId: agent.id, withUuid: false }),
    );
    byFramework.set(task.frameworkId, entry);
  }
  return { reconciliations: [...byFramework.values()], removedFrameworks: [...removed], used };
}

/** The framework is known (or now known, from the agent's report); false if it was removed. */
function knowFramework(ctx: MasterContext, id: string, info: FrameworkInfo | undefined, removed: Set<string>): boolean {
  if (ctx.frameworks.has(id)) return true;
  if (removed.has(id) || ctx.completedFrameworks.find((f) => f.id === id)) {
    removed.add(id);
    return false;
  }
  // Known only from this agent until it subscribes: it gets as long to come
  // back as its failover timeout, and never less than agents get.
  const framework = newFramework(id, info ?? { user: '', name: '' }, ctx.options.maxCompletedTasksPerFramework);
  framework.recovered = true;
  ctx.frameworks.set(id, framework);
  ctx.allocator.addFramework(id, { ...(framework.info.role && { role: framework.info.role }) });
  ctx.allocator.deactivateFramework(id);
  startFailoverTimer(ctx, framework, Math.max((framework.info.failover_timeout ?? 0) * 1000, ctx.options.agentReregisterTimeoutMs));
  ctx.log.info({ framework: id }, 'framework recovered from an agent; waiting for it to subscribe');
  return true;
}

/** A task both sides know: the agent's latest state is the truth about it. */
function refresh(ctx: MasterContext, task: TaskRecord, reported: Task): void {
  task.pending = false;
  if (!isTerminal(task.state) && task.state !== reported.state) {
    const previous = task.state;
    task.state = reported.state;
    ctx.metrics.taskChanged(previous, task.state, undefined, undefined);
  }
  if (task.statusUpdateState === undefined && reported.status_update_state !== undefined) {
    task.statusUpdateState = reported.status_update_state;
    task.statusUpdateUuid = reported.status_update_uuid;
  }
}

function adopt(ctx: MasterContext, agent: AgentRecord, reported: Task): void {
  const framework = ctx.frameworks.get(reported.framework_id.value)!;
  const other = framework.tasks.get(reported.task_id.value);
  if (other) {
    ctx.log.warn({ framework: framework.id, task: other.taskId, agent: agent.id, other: other.agentId }, 'agent reports a task whose id the framework uses on another agent; ignored');
    return;
  }
  const task: TaskRecord = {
    taskId: reported.task_id.value,
    frameworkId: framework.id,
    agentId: agent.id,
    executorId: reported.executor_id?.value,
    name: reported.name,
    resources: normalizeResources(reported.resources),
    info: undefined,
    state: reported.state,
    statusUpdateState: reported.status_update_state,
    statusUpdateUuid: reported.status_update_uuid,
    unacknowledged: undefined,
    pending: false,
    statuses: [],
  };
  for (const status of reported.statuses) recordStatus(task, status);
  addTask(ctx, task);
}
