// Each status update's reason, and its source, in plain words, for the
// pages to show beside the enum name. Typed against the protocol's list,
// so a reason added there without words here fails the type check
// (test/unit/webui-words.test.ts checks the same at run time).
import type { Reason } from '../../mesos/reason.js';
import type { Source } from '../../mesos/source.js';

export const REASON_WORDS: Record<Reason, string> = {
  REASON_COMMAND_EXECUTOR_FAILED: 'The command executor failed.',
  REASON_EXECUTOR_TERMINATED: "The task's executor ended before the task did.",
  REASON_EXECUTOR_UNREGISTERED: 'The executor had not registered yet when the task was killed.',
  REASON_FRAMEWORK_REMOVED: 'The framework was removed (torn down, or its failover timeout ran out), so its tasks were killed.',
  REASON_GC_ERROR: 'The agent could not take back sandbox directories it had scheduled for removal.',
  REASON_INVALID_FRAMEWORKID: 'The framework id is not valid.',
  REASON_INVALID_OFFERS: 'The task was launched on offers that were no longer valid (used, declined, rescinded, or of another framework).',
  REASON_MASTER_DISCONNECTED: 'The scheduler was not connected to the master when it launched the task.',
  REASON_MEMORY_LIMIT: 'The task used more memory than it was given.',
  REASON_RECONCILIATION: "The master's or agent's answer to a reconciliation: the latest state it knows.",
  REASON_AGENT_DISCONNECTED: 'The agent lost its connection to the master.',
  REASON_AGENT_REMOVED: 'The agent was removed from the cluster (it stopped answering, or shut down): its tasks are taken as lost.',
  REASON_AGENT_RESTARTED: 'The agent restarted and the task did not survive it (a reboot, a cleanup restart, or a launch cut short).',
  REASON_AGENT_UNKNOWN: 'The agent is unknown to the master.',
  REASON_TASK_INVALID: 'The task description is invalid: the message names the field or rule.',
  REASON_TASK_UNAUTHORIZED: 'The framework is not allowed to launch this task.',
  REASON_TASK_UNKNOWN: 'The agent does not know this task.',
  REASON_CONTAINER_LAUNCH_FAILED: "The task's container could not be launched (fetch, volume, user, module or exec failed): the message says which.",
  REASON_CONTAINER_LIMITATION: 'The container went over one of its resource limits and was stopped.',
  REASON_CONTAINER_LIMITATION_MEMORY: 'The container used more memory than its limit and was killed.',
  REASON_TASK_KILLED_DURING_LAUNCH: 'The task was killed while its container was still being launched.',
};

export const SOURCE_WORDS: Record<Source, string> = {
  SOURCE_MASTER: 'said by the master',
  SOURCE_AGENT: 'said by the agent',
  SOURCE_EXECUTOR: "said by the task's executor",
};

/** Words for a reason, or undefined for one this UI does not know (shown by name only). */
export function reasonWords(reason: string | undefined): string | undefined {
  return reason === undefined ? undefined : (REASON_WORDS as Record<string, string>)[reason];
}

export function sourceWords(source: string | undefined): string | undefined {
  return source === undefined ? undefined : (SOURCE_WORDS as Record<string, string>)[source];
}
