// The bodies of the v1 scheduler calls, as the documentation writes them
// (the client adds framework_id).
import type { Filters } from '../mesos/scheduler/filters.js';
import type { KillPolicy, TaskInfoJson } from '../mesos/task-info.js';
import type { TaskStatus } from '../mesos/task-status.js';

export type CallBody = Record<string, unknown> & { type: string };
export type LaunchOperation = { type: 'LAUNCH'; launch: { task_infos: TaskInfoJson[] } };

const ids = (values: readonly string[]) => values.map((value) => ({ value }));

export const calls = {
  accept: (offerIds: readonly string[], operations: readonly LaunchOperation[], filters?: Filters): CallBody => ({
    type: 'ACCEPT',
    accept: { offer_ids: ids(offerIds), operations, ...(filters && { filters }) },
  }),
  launch: (offerIds: readonly string[], tasks: readonly TaskInfoJson[], filters?: Filters): CallBody =>
    calls.accept(offerIds, [{ type: 'LAUNCH', launch: { task_infos: [...tasks] } }], filters),
  decline: (offerIds: readonly string[], filters?: Filters): CallBody => ({ type: 'DECLINE', decline: { offer_ids: ids(offerIds), ...(filters && { filters }) } }),
  revive: (): CallBody => ({ type: 'REVIVE' }),
  suppress: (): CallBody => ({ type: 'SUPPRESS' }),
  kill: (taskId: string, agentId?: string, killPolicy?: KillPolicy): CallBody => ({
    type: 'KILL',
    kill: { task_id: { value: taskId }, ...(agentId && { agent_id: { value: agentId } }), ...(killPolicy && { kill_policy: killPolicy }) },
  }),
  /** Undefined for an update without a uuid: those (the master's own) must not be acknowledged. */
  acknowledge: (status: TaskStatus): CallBody | undefined =>
    status.uuid && status.agent_id ? { type: 'ACKNOWLEDGE', acknowledge: { agent_id: status.agent_id, task_id: status.task_id, uuid: status.uuid } } : undefined,
  reconcile: (tasks: ReadonlyArray<{ taskId: string; agentId?: string }>): CallBody => ({
    type: 'RECONCILE',
    reconcile: { tasks: tasks.map((t) => ({ task_id: { value: t.taskId }, ...(t.agentId && { agent_id: { value: t.agentId } }) })) },
  }),
  teardown: (): CallBody => ({ type: 'TEARDOWN' }),
};
