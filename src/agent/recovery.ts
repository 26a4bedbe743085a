// The agent's restart (Mesos's slave recovery, reference §7.4): read the
// checkpoint, replay each task's updates, and for every task not yet over
// find its container again. With --recover=reconnect a running container is
// followed again and one that ended meanwhile is reported as it ended (the
// stub recorded how); with --recover=cleanup, or after a reboot, containers
// are gone or destroyed and their tasks reported so. Containers nobody
// knows (tasks of frameworks without checkpointing, which ended with the
// agent) are destroyed and forgotten. The updates made here wait for the
// re-registration like every other.
import { messageOf } from '../errors.js';
import { resourcesEqual, formatResources } from '../mesos/resources/index.js';
import { isTerminal } from '../mesos/task-state.js';
import type { Agent } from './agent.js';
import { CheckpointError } from './checkpoint/errors.js';
import type { Checkpoint, RecoveredTask } from './checkpoint/meta-reader.js';
import { TaskRunner } from './executor/task-runner.js';
import type { StatusChange } from './status-reporter.js';
import type { AgentTask } from './task-table.js';
import { taskKey } from './task-table.js';

function checkCompatible(agent: Agent, checkpoint: NonNullable<Checkpoint['agent']>): void {
  const was = checkpoint.info;
  const now = agent.config;
  const differences = [
    was.hostname !== now.hostname && `hostname ${was.hostname} -> ${now.hostname}`,
    (was.port ?? 5051) !== now.port && `port ${was.port} -> ${now.port}`,
    !resourcesEqual(was.resources, now.resources) && `resources ${formatResources(was.resources)} -> ${formatResources(now.resources)}`,
  ].filter(Boolean);
  if (differences.length === 0) return;
  const latest = agent.paths.latestLink();
  throw new CheckpointError(
    'CHECKPOINT_INCOMPATIBLE',
    latest,
    `incompatible agent info: agent ${was.id.value} was checkpointed with other settings (${differences.join('; ')}); start with the old ones, or remove ${latest} to start as a new agent`,
  );
}

function taskFrom(agent: Agent, recovered: RecoveredTask): AgentTask {
  const updates = recovered.records.flatMap((r) => (r.type === 'UPDATE' ? [r.update] : []));
  const last = updates[updates.length - 1];
  return {
    frameworkId: recovered.run.frameworkId,
    taskId: recovered.taskId,
    executorId: recovered.run.executorId,
    containerId: recovered.run.containerId,
    name: recovered.info?.name ?? recovered.taskId,
    info: recovered.info,
    resources: recovered.info?.resources ?? [],
    checkpoint: true,
    sandbox: agent.paths.sandbox(recovered.run),
    state: last?.status.state ?? 'TASK_STAGING',
    lastStatus: last?.status,
    phase: 'ended',
    killRequested: false,
  };
}

const restarted = (message: string, state: 'TASK_FAILED' | 'TASK_LOST' = 'TASK_FAILED'): StatusChange => ({
  state,
  source: 'SOURCE_AGENT',
  reason: 'REASON_AGENT_RESTARTED',
  message,
});

/** What becomes of one task not yet over; resolves once its updates (if any) are recorded. */
async function resume(agent: Agent, task: AgentTask, rebooted: boolean): Promise<void> {
  const report = (change: StatusChange): Promise<void> => agent.reporter.report(task, change);
  const container = agent.containers.status(task.containerId);
  const destroy = async (): Promise<void> => {
    if (container && container.state !== 'exited') await agent.containers.destroy(task.containerId);
  };
  if (isTerminal(task.state)) return destroy(); // its end is recorded; the update is resent
  if (rebooted) {
    await destroy();
    return report(restarted("The agent's host rebooted (its boot id changed): the task's container is gone", 'TASK_LOST'));
  }
  if (agent.config.recover === 'cleanup') {
    await destroy();
    return report(restarted("The agent restarted with --recover=cleanup: the task's container was destroyed"));
  }
  if (!container) return report(restarted("The agent restarted before the task's container was launched"));
  if (task.state !== 'TASK_RUNNING') {
    // The launch was under way. The init starts the task only once released,
    // after the record says running: a launch its record shows unfinished,
    // one a destroy stopped, one that ended with the stub's own error, or a
    // container still holding nothing but its init never ran it.
    const neverRan =
      container.state === 'launching' ||
      container.state === 'abandoned' ||
      container.killed_during_launch ||
      (container.state === 'exited' ? container.error !== null : agent.containers.processCount(task.containerId) < 2);
    if (neverRan) {
      await destroy();
      return report(restarted(`The agent restarted while the task's container was launching${container.error ? `: ${container.error.message}` : ''}`));
    }
  }
  const runner = new TaskRunner(agent.runnerHost(), task, agent.config.killGracePeriodMs);
  agent.runners.set(taskKey(task.frameworkId, task.taskId), runner);
  const announced = task.state === 'TASK_RUNNING' ? Promise.resolve() : report({ state: 'TASK_RUNNING', source: 'SOURCE_EXECUTOR', message: '' });
  await announced;
  void runner.reattach(false).catch((error) => agent.logger.error({ task: task.taskId, err: messageOf(error) }, 'following a recovered task failed'));
}

export async function recover(agent: Agent, checkpoint: Checkpoint): Promise<void> {
  for (const warning of checkpoint.warnings) {
    agent.logger.warn(warning);
    if (!warning.includes('torn last record')) agent.metrics.increment('slave/recovery_errors');
  }
  for (const error of await agent.containers.cleanupLeftovers()) agent.logger.warn({ err: error }, 'cleaning up a container left by the last run failed');
  const rebooted = checkpoint.bootId !== undefined && checkpoint.bootId !== agent.config.bootId;
  if (rebooted) agent.logger.warn({ was: checkpoint.bootId, now: agent.config.bootId }, 'the host rebooted since the agent last ran: every container is gone');
  const known = new Set<string>();
  const saved = checkpoint.agent;
  if (saved) {
    if (agent.config.recover === 'reconnect') checkCompatible(agent, saved);
    agent.agentId = saved.info.id.value;
    for (const framework of saved.frameworks) agent.table.frameworks.set(framework.id.value, framework);
    const resuming: Array<Promise<void>> = [];
    for (const recovered of saved.tasks) {
      const task = taskFrom(agent, recovered);
      if (!agent.sum.recover(task.frameworkId, task.taskId, recovered.logPath, recovered.records)) {
        agent.table.addCompleted(task); // its terminal update was acknowledged before the restart
        continue;
      }
      agent.table.add(task);
      known.add(task.containerId);
      resuming.push(resume(agent, task, rebooted));
    }
    await Promise.all(resuming);
  }
  // Whatever else is in our runtime directory belongs to no task we answer for.
  for (const container of agent.containers.containers()) {
    if (known.has(container.container_id)) continue;
    if (container.state !== 'exited') {
      agent.logger.info({ container: container.container_id }, 'destroying a container no task owns');
      await agent.containers.destroy(container.container_id).catch((error) => agent.logger.error({ container: container.container_id, err: messageOf(error) }, 'cannot destroy an orphan container'));
    }
    await agent.forgetContainer(container.container_id);
  }
  agent.meta.bootId(agent.config.bootId);
}
